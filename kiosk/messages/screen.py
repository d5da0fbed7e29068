"""What the kiosk says for the problems the screens notice themselves (codes ``ui.*``): a card lifted, the
camera lost, the printer to print later, the copy shown offline."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "ui.card_removed": "身份证拿开了，请把身份证重新放到读卡区，放好后不要移动。",
    "ui.no_card": "没有读到身份证，请把身份证放到读卡区。",
    "ui.camera_lost": "摄像头断开了，正在重新连接。请稍等，或请工作人员帮忙。",
    "ui.printer_later": "打印机暂时不能打印，您的申请已经保存好，回执会在打印机恢复后打印出来。",
    "ui.offline_copy": "现在连不上网络，下面是本机保存的记录，可能不是最新的。",
    "ui.online_copy": "下面是政务服务平台上的最新记录。",
    "ui.pin_wrong": "密码不对，请重新输入。",
    "ui.qr_unknown": "没有认出这张回执上的二维码，请把回执上的二维码对准摄像头。",
    "ui.nothing_found": "没有找到您的办件记录。",
    # How the screens join words, so that an English screen joins them with English punctuation.
    "ui.pair": "{key}：{value}",
    "ui.note": "{text}（{note}）",
    "ui.list": "；",
    "ui.series": "、",
    "ui.gap": "　",
}
