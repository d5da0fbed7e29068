"""What the kiosk says (Simplified Chinese) for camera errors and retake reasons, keyed by code."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # quality gate: why the villager should retake the shot
    "quality.no_page": "没有找到材料，请把材料平放在拍摄区域内。",
    "quality.blurry": "照片有些模糊，请拿稳后重拍。",
    "quality.glare": "材料上有反光，看不清字，请挪开一点或换个角度后重拍。",
    "quality.cut_off": "材料没有拍全，请把整页材料放进框内后重拍。",
    "quality.too_small": "材料离得太远，请放近一些后重拍。",
    # tracking hints shown while the page is being lined up
    "capture.hold_still": "请保持不动，马上自动拍照。",
    "capture.taken": "已拍好。",
    # camera errors (drivers/camera/errors.py)
    "camera.error": "摄像头出现故障，请联系工作人员。",
    "camera.unavailable": "没有找到摄像头，请联系工作人员。",
    "camera.disconnected": "摄像头连接中断，正在重新连接，请稍候。",
    "camera.timeout": "摄像头没有响应，请稍后再试。",
    "camera.document": "材料处理失败，请重新拍摄。",
    "camera.no_page": "没有找到材料，请把材料平放在拍摄区域内。",
    "camera.pdf_too_large": "材料文件太大，请联系工作人员。",
}
