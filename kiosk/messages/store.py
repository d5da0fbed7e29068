"""What the terminal says for each storage error code (offline_cache/errors.py) and store event."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "offline.error": "本机保存出现问题，请联系工作人员。",
    "terminal.not_enrolled": "终端尚未注册，请联系管理员完成注册后再提交。",
    "store.error": "本机保存申请时出现问题，申请没有提交，请重试或联系工作人员。",
    "store.unavailable": "本机数据无法打开，申请暂时不能提交，请联系管理员。",
    "store.corrupt": "本机数据文件损坏，请联系管理员。",
    "store.disk_full": "本机存储空间已满，申请没有提交，请联系管理员清理。",
    "store.invalid_application": "申请内容不完整，没有提交，请检查后重试。",
    "store.invalid_rating": "评价内容有误，没有保存，请重新评价。",
    "store.unknown_application": "本机找不到这份申请，无法补正，请到窗口办理。",
    "store.bad_platform_key": "终端注册信息有误，这次没有提交，请联系管理员重新注册。",
    "store.attachment_damaged": "本机保存的材料文件已损坏，请联系管理员。",
    "store.recovered": "本机数据文件损坏，已另存一份并重新开始；请联系管理员。",
    "seal.error": "本机加密申请时出现问题，申请没有提交，请联系管理员。",
    "disk.low": "磁盘空间不足，请联系管理员清理。",
    "store.permissions": "本机数据文件夹的权限无法收紧，其他账户可能读到其中的文件，请联系管理员。",
}
