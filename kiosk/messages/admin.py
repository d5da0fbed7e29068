"""What the terminal says about the administrator PIN (kiosk/admin_pin.py) and in the admin area
(kiosk/admin/): each diagnostics tile's state with what to do, the sync monitor, settings, log export."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "admin.pin_not_set": "管理员密码未设置或已损坏，请在控制台运行 kiosk set-pin",
    "admin.pin_damaged": "管理员密码未设置或已损坏，请在控制台运行 kiosk set-pin",
    "admin.pin_changed": "管理员密码已修改。",
    "admin.pin_too_short": "新密码至少6位数字，两次输入要一致。",
    # diagnostics: printer
    "admin.printer_ok": "打印机正常。",
    "admin.printer_paper_low": "打印纸快用完了，请准备新纸卷。",
    "admin.printer_paper_out": "打印机缺纸：打开纸仓盖，放入新纸卷，合上盖子。",
    "admin.printer_cover_open": "打印机盖没有合上：请合上盖子。",
    "admin.printer_offline": "连不上打印机：检查电源和数据线（网络打印机检查网线和地址）。",
    "admin.printer_no_answer": "打印机没有应答：关掉打印机电源，十秒后再打开。",
    "admin.printer_unknown": "这种连接读不到打印机状态：请打印测试页看是否打出。",
    "admin.printer_missing": "打印机没有启动：检查“设置”里的打印机类型和地址。",
    "admin.test_page_queued": "测试页已发送到打印机。",
    # card readers
    "admin.card_ok": "身份证读卡器正常，可以放一张身份证试读。",
    "admin.card_unavailable": "身份证读卡器连不上：检查数据线，并在“设置”里核对读卡器串口。",
    "admin.card_missing": "身份证读卡器没有启动：检查“设置”里的读卡器类型。",
    "admin.card_read": "读卡成功：{name}，{number}",
    "admin.ssc_ok": "社保卡读卡器正常。",
    "admin.ssc_none": "没有找到社保卡读卡器：检查USB线，或确认本站不用社保卡。",
    "admin.ssc_no_service": "社保卡读卡服务（pcscd）没有运行：请技术人员检查。",
    # camera, speaker
    "admin.camera_ok": "高拍仪正常。",
    "admin.camera_black": "高拍仪画面全黑：检查镜头盖和补光灯。",
    "admin.camera_no_frames": "高拍仪打开了但没有画面：拔下USB线再插上。",
    "admin.camera_unavailable": "连不上高拍仪：检查USB线，并在“设置”里核对高拍仪编号。",
    "admin.camera_missing": "高拍仪没有启动：检查“设置”里的高拍仪类型。",
    "admin.speaker_ok": "语音正常，请听测试语句。",
    "admin.speaker_off": "语音播报已关闭，可在“设置”里打开。",
    "admin.speaker_missing": "没有安装语音组件：请技术人员安装 espeak-ng。",
    "admin.speaker_test": "您好，这是语音测试。",
    # disk, clock, network
    "admin.disk_green": "存储空间充足。",
    "admin.disk_amber": "存储空间不到一个月的扫描量：请联系技术人员清理。",
    "admin.disk_red": "存储空间快满了：新的申请可能无法保存，请尽快联系技术人员。",
    "admin.clock_green": "本机时间准确。",
    "admin.clock_amber": "本机时间与平台相差超过一分钟：请检查时间设置。",
    "admin.clock_red": "本机时间与平台相差超过五分钟，回执上的时间会出错：请检查主板电池和时间设置。",
    "admin.clock_unknown": "暂时无法与平台对时：联网后再查看。",
    "admin.net_ok": "与政务服务平台连接正常。",
    "admin.net_dns": "找不到平台地址（域名解析失败）：检查网络设置或联系网络服务商。",
    "admin.net_tcp": "连不上平台：检查网线或无线网络，稍后再试。",
    "admin.net_tls": "与平台的加密连接没有建立：检查本机时间，或联系技术人员核对证书。",
    "admin.net_api": "平台没有正常应答：稍后再试，或联系平台管理员。",
    "admin.net_not_enrolled": "终端尚未注册到政务服务平台：请在“注册”里输入注册码。",
    # sync monitor
    "admin.retry_queued": "已安排立即重试。",
    "admin.catalogue_queued": "正在检查事项目录更新。",
    "admin.sync_elsewhere": "本机的同步由后台同步服务（进程号 {pid}）负责。",
    # settings, enrolment, export
    "admin.settings_saved": "设置已保存。读卡器和高拍仪的设置在重新启动程序后生效。",
    "admin.settings_refused": "设置没有保存：{key}：{problem}",
    "admin.enrolled": "已注册到 {url}，站点编号 {station}。",
    "admin.export_failed": "日志没有导出：U盘或文件夹无法写入（已拔出或只读）。请换一个再试。",
    "admin.export_refused": "日志中发现疑似个人信息，为保护隐私没有导出，请联系技术人员。",
    "admin.export_done": "日志已导出：{path}",
    "admin.no_media": "没有找到U盘：请插入U盘后再试。",
}
