"""What the terminal says when the link to the platform cannot be trusted (offline_cache/platform_client.py,
offline_cache/enrolment.py, kiosk/demo_platform.py, kiosk enroll)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "sync.certificate_rejected": (
        "无法验证政务服务平台的安全证书，连接可能被拦截，本机没有发送任何数据。"
        "请管理员检查平台地址和证书（CA 文件）设置。"
    ),
    "sync.insecure_link": (
        "平台地址不安全：http:// 只能用于本机测试，连接其他机器必须使用 https:// 地址。本机没有发送任何数据。"
    ),
    "sync.bad_url": "平台地址写得不对，应为 https://平台域名或地址[:端口]。",
    "enroll.pin_error": "平台密钥指纹核对没有通过，没有保存注册信息。",
    "enroll.fingerprint_required": (
        "缺少平台密钥指纹：请把注册单上的指纹用 --fingerprint 填上（或写入站点配置 key_fingerprint），"
        "终端要先核对平台身份才能注册。"
    ),
    "enroll.bad_fingerprint": "平台密钥指纹格式不对：应为注册单上的 40 位数字和字母（0-9、A-F，分组之间的横线可写可不写）。",
    "enroll.key_mismatch": (
        "政务服务平台的密钥与注册单上的指纹不一致，连接可能被拦截！本机不会保存或使用这个密钥，"
        "也不会向它发送任何申请。请不要继续，并联系平台管理员核实。"
    ),
    "enroll.bad_ca_file": "CA 证书文件无法读取，或其中没有 PEM 格式的证书，请检查文件。",
    "demo.foreign_credentials": (
        "这个数据目录已经注册到另一个政务服务平台，演示模式不会覆盖它。请换一个数据目录（--home）运行演示。"
    ),
}
