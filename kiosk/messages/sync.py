"""What the terminal says for each sync and enrolment code (offline_cache/platform_client.py, sync.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "sync.error": "与政务服务平台同步时出现问题，申请已保存在本机，稍后会自动重试。",
    "terminal.credentials_damaged": "终端的注册文件已损坏，申请会先保存在本机，请联系管理员处理。",
    "sync.not_enrolled": "终端尚未注册到政务服务平台，申请会先保存在本机。",
    "sync.platform_unreachable": "暂时连不上政务服务平台，申请会先保存在本机，联网后自动上传。",
    "sync.bad_response": "政务服务平台暂时无法正常应答，申请已保存在本机，稍后会自动重试。",
    "sync.unauthorized": "终端的注册已失效，请联系管理员重新注册。申请已保存在本机。",
    "sync.revoked": "本终端已停用，请联系管理员。申请已保存在本机。",
    "sync.rejected": "平台没有接收一份申请，请联系工作人员查看。",
    "sync.conflict": "平台上已有编号相同但内容不同的申请，请联系工作人员处理。",
    "sync.attachment_missing": "材料文件正在重新上传，请稍候。",
    "sync.upload_failed": "材料上传没有成功，稍后会自动重试。",
    "sync.upload_quota": "平台暂存的本机材料已满，申请已保存在本机，稍后会自动重试。",
    "sync.entry_invalid": "本机保存的一份待发送记录有误，请联系管理员。",
    "sync.status_feed_rejected": "暂时无法从平台获取办理进度，稍后会自动重试。",
    "sync.already_running": "本数据目录已有一个同步进程在运行（进程号 {pid}），本次不再启动 "
    "(another sync process, pid {pid}, already runs for this data folder)",
    "enroll.bad_code": "注册码无效或已使用，请向平台管理员重新申请注册码。",
    "enroll.done": "终端注册成功。",
}
