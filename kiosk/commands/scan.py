"""``kiosk scan IMAGE... [--json] [--out DIR] [--kind auto|a4|id_card|free]``: the page pipeline on still images.

With ``--json`` one line per image: the four page corners (clockwise from top-left, pixel coordinates,
or null when no page was found), the quality verdict and its measures. ``--out`` writes each
straightened, enhanced page as a JPEG. Images stay on this machine; nothing is logged about content.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.commands._common import Subparsers


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "scan", help="在照片中查找材料并判断能否使用 (run the page pipeline on images)"
    )
    parser.add_argument("images", nargs="+", metavar="IMAGE")
    parser.add_argument("--json", action="store_true", help="one JSON line per image")
    parser.add_argument("--out", metavar="DIR", help="write the straightened pages here")
    parser.add_argument("--kind", choices=("auto", "a4", "id_card", "free"), default="auto")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    import cv2  # heavy: only when scanning
    import numpy as np

    from drivers.camera import process_capture
    from kiosk.messages import message_for

    out_dir = Path(args.out) if args.out else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    status = 0
    for name in args.images:
        path = Path(name)
        try:
            data = np.fromfile(path, dtype=np.uint8)  # fromfile+imdecode: Chinese file names work too
        except OSError:
            data = np.zeros(0, np.uint8)
        frame = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
        if frame is None:
            status = 1
            if args.json:
                print(json.dumps({"image": name, "error": "unreadable"}, ensure_ascii=False))
            else:
                print(f"{name}: 无法读取图片 (cannot read image)", file=sys.stderr)
            continue
        result = process_capture(np.asarray(frame, dtype=np.uint8), kind=args.kind)
        corners = (
            None
            if result.quad is None
            else [[round(float(x), 1), round(float(y), 1)] for x, y in result.quad]
        )
        written = None
        if out_dir is not None and result.page is not None:
            target = out_dir / f"{path.stem}_page.jpg"
            ok, encoded = cv2.imencode(".jpg", result.page, [cv2.IMWRITE_JPEG_QUALITY, 88])
            if ok:
                target.write_bytes(encoded.tobytes())
                written = str(target)
        if args.json:
            line = {"image": name, "corners": corners, **result.verdict.as_dict()}
            if written:
                line["page"] = written
            print(json.dumps(line, ensure_ascii=False))
        elif result.verdict.ok:
            print(f"{name}: 可以使用 (ok)")
        else:
            reasons = "；".join(message_for(code) for code in result.verdict.problems)
            print(f"{name}: 需要重拍 — {reasons}")
        if not result.verdict.ok and status == 0:
            status = 3
    return status
