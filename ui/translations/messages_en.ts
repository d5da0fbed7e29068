<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
  <context>
    <name>Messages</name>
    <message>
      <source>已送到A4打印机，请到打印机取纸。</source>
      <comment>a4.sent</comment>
      <translation>Sent to the A4 printer; please take the pages from it.</translation>
    </message>
    <message>
      <source>A4打印机暂停了（可能缺纸或卡纸），打印任务在排队，恢复后会自动打出来。小票照常打印。</source>
      <comment>a4.waiting</comment>
      <translation>The A4 printer is paused (perhaps out of paper or jammed). The pages are queued and print when it runs again. Receipts print as usual.</translation>
    </message>
    <message>
      <source>高拍仪画面全黑：检查镜头盖和补光灯。</source>
      <comment>admin.camera_black</comment>
      <translation>The document camera's picture is black: check the lens cap and the light.</translation>
    </message>
    <message>
      <source>高拍仪没有启动：检查“设置”里的高拍仪类型。</source>
      <comment>admin.camera_missing</comment>
      <translation>The document camera did not start: check the camera type under Settings.</translation>
    </message>
    <message>
      <source>高拍仪打开了但没有画面：拔下USB线再插上。</source>
      <comment>admin.camera_no_frames</comment>
      <translation>The document camera opened but gives no picture: unplug its USB cable and plug it in again.</translation>
    </message>
    <message>
      <source>高拍仪正常。</source>
      <comment>admin.camera_ok</comment>
      <translation>The document camera is fine.</translation>
    </message>
    <message>
      <source>连不上高拍仪：检查USB线，并在“设置”里核对高拍仪编号。</source>
      <comment>admin.camera_unavailable</comment>
      <translation>The document camera cannot be reached: check its USB cable and its number under Settings.</translation>
    </message>
    <message>
      <source>身份证读卡器没有启动：检查“设置”里的读卡器类型。</source>
      <comment>admin.card_missing</comment>
      <translation>The ID card reader did not start: check the reader type under Settings.</translation>
    </message>
    <message>
      <source>身份证读卡器正常，可以放一张身份证试读。</source>
      <comment>admin.card_ok</comment>
      <translation>The ID card reader is fine; place a card to test it.</translation>
    </message>
    <message>
      <source>读卡成功：{name}，{number}</source>
      <comment>admin.card_read</comment>
      <translation>Card read: {name}, {number}</translation>
    </message>
    <message>
      <source>身份证读卡器连不上：检查数据线，并在“设置”里核对读卡器串口。</source>
      <comment>admin.card_unavailable</comment>
      <translation>The ID card reader cannot be reached: check its cable and the serial port under Settings.</translation>
    </message>
    <message>
      <source>正在检查事项目录更新。</source>
      <comment>admin.catalogue_queued</comment>
      <translation>Checking for a catalogue update.</translation>
    </message>
    <message>
      <source>本机时间与平台相差超过一分钟：请检查时间设置。</source>
      <comment>admin.clock_amber</comment>
      <translation>The clock is more than a minute off the platform's: check the time settings.</translation>
    </message>
    <message>
      <source>本机时间准确。</source>
      <comment>admin.clock_green</comment>
      <translation>The clock is right.</translation>
    </message>
    <message>
      <source>本机时间与平台相差超过五分钟，回执上的时间会出错：请检查主板电池和时间设置。</source>
      <comment>admin.clock_red</comment>
      <translation>The clock is more than five minutes off the platform's, so receipts carry the wrong time: check the mainboard battery and the time settings.</translation>
    </message>
    <message>
      <source>暂时无法与平台对时：联网后再查看。</source>
      <comment>admin.clock_unknown</comment>
      <translation>The clock cannot be compared with the platform now: look again once online.</translation>
    </message>
    <message>
      <source>存储空间不到一个月的扫描量：请联系技术人员清理。</source>
      <comment>admin.disk_amber</comment>
      <translation>Storage holds less than a month of scans: please ask a technician to clean up.</translation>
    </message>
    <message>
      <source>存储空间充足。</source>
      <comment>admin.disk_green</comment>
      <translation>There is plenty of storage.</translation>
    </message>
    <message>
      <source>存储空间快满了：新的申请可能无法保存，请尽快联系技术人员。</source>
      <comment>admin.disk_red</comment>
      <translation>Storage is nearly full: new applications may not be saved; call a technician soon.</translation>
    </message>
    <message>
      <source>已注册到 {url}，站点编号 {station}。</source>
      <comment>admin.enrolled</comment>
      <translation>Enrolled with {url}, station {station}.</translation>
    </message>
    <message>
      <source>日志已导出：{path}</source>
      <comment>admin.export_done</comment>
      <translation>Logs exported: {path}</translation>
    </message>
    <message>
      <source>日志没有导出：U盘或文件夹无法写入（已拔出或只读）。请换一个再试。</source>
      <comment>admin.export_failed</comment>
      <translation>The logs were not exported: the USB stick or folder cannot be written (removed or read-only). Try another.</translation>
    </message>
    <message>
      <source>日志中发现疑似个人信息，为保护隐私没有导出，请联系技术人员。</source>
      <comment>admin.export_refused</comment>
      <translation>Something like personal data was found in the logs; to protect privacy nothing was exported. Please call a technician.</translation>
    </message>
    <message>
      <source>平台没有正常应答：稍后再试，或联系平台管理员。</source>
      <comment>admin.net_api</comment>
      <translation>The platform did not answer properly: try again later, or call the platform's administrator.</translation>
    </message>
    <message>
      <source>找不到平台地址（域名解析失败）：检查网络设置或联系网络服务商。</source>
      <comment>admin.net_dns</comment>
      <translation>The platform's address cannot be found (DNS failed): check the network settings or call the network provider.</translation>
    </message>
    <message>
      <source>终端尚未注册到政务服务平台：请在“注册”里输入注册码。</source>
      <comment>admin.net_not_enrolled</comment>
      <translation>The terminal is not enrolled with the platform: enter an enrolment code under Enrolment.</translation>
    </message>
    <message>
      <source>与政务服务平台连接正常。</source>
      <comment>admin.net_ok</comment>
      <translation>The link to the government service platform works.</translation>
    </message>
    <message>
      <source>连不上平台：检查网线或无线网络，稍后再试。</source>
      <comment>admin.net_tcp</comment>
      <translation>The platform cannot be reached: check the network cable or Wi-Fi and try again later.</translation>
    </message>
    <message>
      <source>与平台的加密连接没有建立：检查本机时间，或联系技术人员核对证书。</source>
      <comment>admin.net_tls</comment>
      <translation>The encrypted link to the platform failed: check the clock, or ask a technician to check the certificate.</translation>
    </message>
    <message>
      <source>没有找到U盘：请插入U盘后再试。</source>
      <comment>admin.no_media</comment>
      <translation>No USB stick found: insert one and try again.</translation>
    </message>
    <message>
      <source>管理员密码已修改。</source>
      <comment>admin.pin_changed</comment>
      <translation>The administrator PIN was changed.</translation>
    </message>
    <message>
      <source>管理员密码未设置或已损坏，请在控制台运行 kiosk set-pin</source>
      <comment>admin.pin_damaged</comment>
      <translation>The administrator PIN is not set or is damaged. Run kiosk set-pin on the console.</translation>
    </message>
    <message>
      <source>管理员密码未设置或已损坏，请在控制台运行 kiosk set-pin</source>
      <comment>admin.pin_not_set</comment>
      <translation>The administrator PIN is not set or is damaged. Run kiosk set-pin on the console.</translation>
    </message>
    <message>
      <source>新密码至少6位数字，两次输入要一致。</source>
      <comment>admin.pin_too_short</comment>
      <translation>The new PIN must be at least 6 digits, the same both times.</translation>
    </message>
    <message>
      <source>打印机盖没有合上：请合上盖子。</source>
      <comment>admin.printer_cover_open</comment>
      <translation>The printer cover is open: please close it.</translation>
    </message>
    <message>
      <source>打印机没有启动：检查“设置”里的打印机类型和地址。</source>
      <comment>admin.printer_missing</comment>
      <translation>The printer did not start: check the printer type and address under Settings.</translation>
    </message>
    <message>
      <source>打印机没有应答：关掉打印机电源，十秒后再打开。</source>
      <comment>admin.printer_no_answer</comment>
      <translation>The printer does not answer: switch it off, wait ten seconds, switch it on again.</translation>
    </message>
    <message>
      <source>连不上打印机：检查电源和数据线（网络打印机检查网线和地址）。</source>
      <comment>admin.printer_offline</comment>
      <translation>The printer cannot be reached: check its power and cable (for a network printer, the network cable and address).</translation>
    </message>
    <message>
      <source>打印机正常。</source>
      <comment>admin.printer_ok</comment>
      <translation>The printer is fine.</translation>
    </message>
    <message>
      <source>打印纸快用完了，请准备新纸卷。</source>
      <comment>admin.printer_paper_low</comment>
      <translation>The paper is running low: have a new roll ready.</translation>
    </message>
    <message>
      <source>打印机缺纸：打开纸仓盖，放入新纸卷，合上盖子。</source>
      <comment>admin.printer_paper_out</comment>
      <translation>The printer is out of paper: open the cover, put in a new roll, close the cover.</translation>
    </message>
    <message>
      <source>这种连接读不到打印机状态：请打印测试页看是否打出。</source>
      <comment>admin.printer_unknown</comment>
      <translation>This connection cannot read the printer's state: print a test page to see whether it comes out.</translation>
    </message>
    <message>
      <source>已安排立即重试。</source>
      <comment>admin.retry_queued</comment>
      <translation>A retry starts now.</translation>
    </message>
    <message>
      <source>设置没有保存：{key}：{problem}</source>
      <comment>admin.settings_refused</comment>
      <translation>Settings not saved: {key}: {problem}</translation>
    </message>
    <message>
      <source>设置已保存。读卡器和高拍仪的设置在重新启动程序后生效。</source>
      <comment>admin.settings_saved</comment>
      <translation>Settings saved. Card reader and camera settings take effect after a restart.</translation>
    </message>
    <message>
      <source>没有安装语音组件：请技术人员安装 espeak-ng。</source>
      <comment>admin.speaker_missing</comment>
      <translation>The speech component is not installed: ask a technician to install espeak-ng.</translation>
    </message>
    <message>
      <source>语音播报已关闭，可在“设置”里打开。</source>
      <comment>admin.speaker_off</comment>
      <translation>Speech is off; it can be switched on under Settings.</translation>
    </message>
    <message>
      <source>语音正常，请听测试语句。</source>
      <comment>admin.speaker_ok</comment>
      <translation>Speech works; listen to the test sentence.</translation>
    </message>
    <message>
      <source>您好，这是语音测试。</source>
      <comment>admin.speaker_test</comment>
      <translation>Hello, this is a speech test.</translation>
    </message>
    <message>
      <source>社保卡读卡服务（pcscd）没有运行：请技术人员检查。</source>
      <comment>admin.ssc_no_service</comment>
      <translation>The smart card service (pcscd) is not running: please ask a technician.</translation>
    </message>
    <message>
      <source>没有找到社保卡读卡器：检查USB线，或确认本站不用社保卡。</source>
      <comment>admin.ssc_none</comment>
      <translation>No social security card reader found: check the USB cable, or confirm this station does not use one.</translation>
    </message>
    <message>
      <source>社保卡读卡器正常。</source>
      <comment>admin.ssc_ok</comment>
      <translation>The social security card reader is fine.</translation>
    </message>
    <message>
      <source>本机的同步由后台同步服务（进程号 {pid}）负责。</source>
      <comment>admin.sync_elsewhere</comment>
      <translation>Syncing is done by the background sync service (process {pid}).</translation>
    </message>
    <message>
      <source>测试页已发送到打印机。</source>
      <comment>admin.test_page_queued</comment>
      <translation>The test page was sent to the printer.</translation>
    </message>
    <message>
      <source>这个代办员账号已停用，不能登录。如有疑问请联系乡镇管理员。</source>
      <comment>agent.disabled</comment>
      <translation>This agent account has been disabled and cannot log in. Ask the township administrator if in doubt.</translation>
    </message>
    <message>
      <source>代办员登录出了问题，请稍后再试。</source>
      <comment>agent.error</comment>
      <translation>Agent login ran into a problem. Please try again later.</translation>
    </message>
    <message>
      <source>长时间没有操作，已退出登录；正在办理的申请已存为草稿。</source>
      <comment>agent.idle_logout</comment>
      <translation>Logged out after a long time without use; the application under way was saved as a draft.</translation>
    </message>
    <message>
      <source>代办员编号、姓名或密码不符合要求。</source>
      <comment>agent.invalid</comment>
      <translation>The agent number, name or PIN does not meet the requirements.</translation>
    </message>
    <message>
      <source>密码错误次数太多，账号已暂时锁定，请稍后再试。</source>
      <comment>agent.locked</comment>
      <translation>Too many wrong PINs: the account is locked for a while. Please try again later.</translation>
    </message>
    <message>
      <source>您的代办员账号已在平台停用，已退出登录。</source>
      <comment>agent.logged_out_disabled</comment>
      <translation>Your agent account was disabled on the platform; you have been logged out.</translation>
    </message>
    <message>
      <source>本机还没有代办员账号：请等本机与政务服务平台同步后再登录，或请管理员添加。</source>
      <comment>agent.none</comment>
      <translation>This terminal has no agent accounts yet: log in after it has synced with the government service platform, or ask the administrator to add one.</translation>
    </message>
    <message>
      <source>没有这个代办员编号，请核对后重新输入。</source>
      <comment>agent.unknown</comment>
      <translation>There is no agent with this number. Please check it and enter it again.</translation>
    </message>
    <message>
      <source>密码不对，请重新输入。</source>
      <comment>agent.wrong_pin</comment>
      <translation>Wrong PIN. Please enter it again.</translation>
    </message>
    <message>
      <source>约好了：{when}，{hall}。预约单正在打印，请收好。</source>
      <comment>appointment.booked</comment>
      <translation>Booked: {when}, {hall}. The appointment slip is printing; please keep it.</translation>
    </message>
    <message>
      <source>这个预约已经取消了，或者不是在本机约的。</source>
      <comment>appointment.booking_gone</comment>
      <translation>This appointment was cancelled, or it was not booked on this terminal.</translation>
    </message>
    <message>
      <source>请选一个时间（后面是还剩几个名额）：</source>
      <comment>appointment.choose</comment>
      <translation>Please choose a time (the number is the places left):</translation>
    </message>
    <message>
      <source>预约没有成功，请稍后再试，或请工作人员帮忙。</source>
      <comment>appointment.error</comment>
      <translation>The appointment did not go through. Please try again later, or ask the staff.</translation>
    </message>
    <message>
      <source>现在没有可以约的时间。可以先打印一次性告知单，或打电话问。</source>
      <comment>appointment.none</comment>
      <translation>There are no times to book now. You can print the one-time notice first, or call.</translation>
    </message>
    <message>
      <source>预约要联网，现在连不上网络。可以先打印一次性告知单，把材料准备好，或打 12345 预约。</source>
      <comment>appointment.offline</comment>
      <translation>Booking needs the network, and it cannot be reached now. You can print the one-time notice and get the materials ready, or call 12345 to book.</translation>
    </message>
    <message>
      <source>这个时间刚刚被别人约满了，请选别的时间。</source>
      <comment>appointment.slot_full</comment>
      <translation>Someone else has just taken the last place at this time. Please choose another time.</translation>
    </message>
    <message>
      <source>预约到大厅办理</source>
      <comment>appointment.title</comment>
      <translation>Book a time at the hall</translation>
    </message>
    <message>
      <source>您已经约了：</source>
      <comment>appointment.yours</comment>
      <translation>Your appointments:</translation>
    </message>
    <message>
      <source>审计日志第 {seq} 条处的平台副签无效。(the platform countersignature of head {seq} is invalid)</source>
      <comment>audit.bad_countersignature</comment>
      <translation>The platform countersignature at audit log entry {seq} is invalid.</translation>
    </message>
    <message>
      <source>审计日志第 {seq} 条处的终端签名无效。(the device signature of head {seq} is invalid)</source>
      <comment>audit.bad_signature</comment>
      <translation>The terminal signature at audit log entry {seq} is invalid.</translation>
    </message>
    <message>
      <source>审计日志第 {seq} 条接不上前一条，前一条被改动或替换过。(entry {seq} does not link to the one before)</source>
      <comment>audit.chain_broken</comment>
      <translation>Audit log entry {seq} does not link to the one before: that one was changed or replaced.</translation>
    </message>
    <message>
      <source>审计日志第 {seq} 条被改动过。(entry {seq} was changed)</source>
      <comment>audit.entry_changed</comment>
      <translation>Audit log entry {seq} was changed.</translation>
    </message>
    <message>
      <source>审计日志第 {seq} 条缺失。(entry {seq} is missing)</source>
      <comment>audit.entry_missing</comment>
      <translation>Audit log entry {seq} is missing.</translation>
    </message>
    <message>
      <source>审计日志第 {seq} 条顺序错乱。(entry {seq} is out of order)</source>
      <comment>audit.entry_out_of_order</comment>
      <translation>Audit log entry {seq} is out of order.</translation>
    </message>
    <message>
      <source>这条操作记录不能写入审计日志，请联系管理员。</source>
      <comment>audit.entry_refused</comment>
      <translation>This action could not be written to the audit log. Please contact the administrator.</translation>
    </message>
    <message>
      <source>审计日志出现问题，请联系管理员。</source>
      <comment>audit.error</comment>
      <translation>There is a problem with the audit log. Please contact the administrator.</translation>
    </message>
    <message>
      <source>审计日志第 {seq} 条与已签名的日志头不符。(entry {seq} differs from the signed head)</source>
      <comment>audit.head_mismatch</comment>
      <translation>Audit log entry {seq} differs from the signed head.</translation>
    </message>
    <message>
      <source>本机的审计签名密钥无法读取，请联系管理员。</source>
      <comment>audit.key_unavailable</comment>
      <translation>This terminal's audit signing key cannot be read. Please contact the administrator.</translation>
    </message>
    <message>
      <source>本机没有审计签名密钥，签名未检查。(no device key here: signatures not checked)</source>
      <comment>audit.no_device_key</comment>
      <translation>This terminal has no audit signing key: signatures were not checked.</translation>
    </message>
    <message>
      <source>审计日志完好：共 {n} 条，终端签名至第 {signed} 条，平台副签至第 {countersigned} 条。(audit log intact: {n} entries, signed up to {signed}, countersigned up to {countersigned})</source>
      <comment>audit.ok</comment>
      <translation>The audit log is intact: {n} entries, signed up to {signed}, countersigned up to {countersigned}.</translation>
    </message>
    <message>
      <source>审计日志被截短：日志头已签到第 {seq} 条，日志没有这么长。(the log was cut below the head signed at {seq})</source>
      <comment>audit.truncated</comment>
      <translation>The audit log was cut short: the head is signed at entry {seq}, but the log is not that long.</translation>
    </message>
    <message>
      <source>摄像头连接中断，正在重新连接，请稍候。</source>
      <comment>camera.disconnected</comment>
      <translation>The camera connection was lost. Reconnecting, please wait.</translation>
    </message>
    <message>
      <source>材料处理失败，请重新拍摄。</source>
      <comment>camera.document</comment>
      <translation>The document could not be processed. Please take the picture again.</translation>
    </message>
    <message>
      <source>摄像头出现故障，请联系工作人员。</source>
      <comment>camera.error</comment>
      <translation>The camera is not working. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>没有找到材料，请把材料平放在拍摄区域内。</source>
      <comment>camera.no_page</comment>
      <translation>No document found. Please lay it flat in the capture area.</translation>
    </message>
    <message>
      <source>材料文件太大，请联系工作人员。</source>
      <comment>camera.pdf_too_large</comment>
      <translation>The document file is too large. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>摄像头没有响应，请稍后再试。</source>
      <comment>camera.timeout</comment>
      <translation>The camera does not answer. Please try again later.</translation>
    </message>
    <message>
      <source>没有找到摄像头，请联系工作人员。</source>
      <comment>camera.unavailable</comment>
      <translation>No camera found. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>请保持不动，马上自动拍照。</source>
      <comment>capture.hold_still</comment>
      <translation>Please hold still: the picture is taken in a moment.</translation>
    </message>
    <message>
      <source>已拍好。</source>
      <comment>capture.taken</comment>
      <translation>Done.</translation>
    </message>
    <message>
      <source>读卡器通信出错，请重试。</source>
      <comment>card.checksum</comment>
      <translation>The card reader had a communication error. Please try again.</translation>
    </message>
    <message>
      <source>读卡出现问题，请重试或联系工作人员。</source>
      <comment>card.error</comment>
      <translation>The card could not be read. Please try again or ask the staff for help.</translation>
    </message>
    <message>
      <source>您的身份证已过期，请到派出所办理新证。</source>
      <comment>card.expired</comment>
      <translation>Your ID card has expired. Please get a new one at the police station.</translation>
    </message>
    <message>
      <source>请将卡片拿起，再重新放到读卡区。</source>
      <comment>card.lift_and_replace</comment>
      <translation>Please lift the card and put it on the reader again.</translation>
    </message>
    <message>
      <source>请将身份证或社保卡放在读卡区。</source>
      <comment>card.no_card</comment>
      <translation>Please put your ID card or social security card on the reader.</translation>
    </message>
    <message>
      <source>未连接读卡器，请联系工作人员。</source>
      <comment>card.no_reader</comment>
      <translation>No card reader is connected. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>读卡器通信出错，请重试。</source>
      <comment>card.protocol</comment>
      <translation>The card reader had a communication error. Please try again.</translation>
    </message>
    <message>
      <source>读卡失败，请将卡片拿起后重新放置。</source>
      <comment>card.read_failed</comment>
      <translation>The card could not be read. Please lift it and put it down again.</translation>
    </message>
    <message>
      <source>读卡器故障，请联系工作人员。</source>
      <comment>card.reader_fault</comment>
      <translation>The card reader is faulty. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>读卡器已断开，请联系工作人员。</source>
      <comment>card.reader_unplugged</comment>
      <translation>The card reader was disconnected. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>卡片已移开，请重新放好，读卡完成前不要移动。</source>
      <comment>card.removed</comment>
      <translation>The card was moved. Please put it back and keep it still until it has been read.</translation>
    </message>
    <message>
      <source>读卡器没有响应，请重试或联系工作人员。</source>
      <comment>card.timeout</comment>
      <translation>The card reader does not answer. Please try again or ask the staff for help.</translation>
    </message>
    <message>
      <source>无法识别这张卡，请使用居民身份证或社会保障卡。</source>
      <comment>card.unsupported</comment>
      <translation>This card cannot be read here. Please use a resident ID card or a social security card.</translation>
    </message>
    <message>
      <source>服务事项目录出了问题，请联系工作人员。</source>
      <comment>catalog.error</comment>
      <translation>There is a problem with the list of services. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>服务事项目录文件有误，已继续使用原来的目录。请联系工作人员。</source>
      <comment>catalog.invalid</comment>
      <translation>The new list of services has errors; the previous list is still in use. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>没有找到这个服务事项，可能已经调整，请重新选择。</source>
      <comment>catalog.not_found</comment>
      <translation>This service was not found; it may have changed. Please choose again.</translation>
    </message>
    <message>
      <source>收到的服务事项目录比正在使用的旧，已继续使用现有目录。</source>
      <comment>catalog.outdated</comment>
      <translation>The list of services received is older than the one in use; the current list stays.</translation>
    </message>
    <message>
      <source>服务事项目录文件无法读取，请联系工作人员。</source>
      <comment>catalog.unreadable</comment>
      <translation>The list of services cannot be read. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>您要反映的是：</source>
      <comment>complaint.about</comment>
      <translation>What is it about?</translation>
    </message>
    <message>
      <source>某个部门</source>
      <comment>complaint.about.department</comment>
      <translation>A department</translation>
    </message>
    <message>
      <source>办理的某件事</source>
      <comment>complaint.about.service</comment>
      <translation>A service I applied for</translation>
    </message>
    <message>
      <source>本服务站</source>
      <comment>complaint.about.station</comment>
      <translation>This service station</translation>
    </message>
    <message>
      <source>匿名</source>
      <comment>complaint.anonymous</comment>
      <translation>Anonymous</translation>
    </message>
    <message>
      <source>匿名：不读身份证，平台上不记是谁反映的。但您自己写进去的名字、电话，工作人员能看到；答复只能凭打印的回执二维码查看，回执请收好。</source>
      <comment>complaint.anonymous_means</comment>
      <translation>Anonymous: your ID card is not read and the platform does not record who sent it. But a name or phone number you type in yourself can be seen by the staff. The reply can only be seen with the QR code on the printed slip, so please keep the slip.</translation>
    </message>
    <message>
      <source>也可以打政务服务热线 12345</source>
      <comment>complaint.hotline</comment>
      <translation>You can also call the government service hotline 12345</translation>
    </message>
    <message>
      <source>请写几句话，或点一个常见问题，再提交。</source>
      <comment>complaint.invalid</comment>
      <translation>Please write a few words, or tap a common problem, then send.</translation>
    </message>
    <message>
      <source>实名（放身份证）</source>
      <comment>complaint.named</comment>
      <translation>With my name (place your ID card)</translation>
    </message>
    <message>
      <source>实名：读您的身份证，工作人员知道是谁反映的，可以回电话；以后放身份证就能查到答复。</source>
      <comment>complaint.named_means</comment>
      <translation>With your name: your ID card is read, the staff know who sent it and can call you back; later your ID card finds the reply.</translation>
    </message>
    <message>
      <source>工作人员态度不好</source>
      <comment>complaint.problem.attitude</comment>
      <translation>Unfriendly staff</translation>
    </message>
    <message>
      <source>乱收费</source>
      <comment>complaint.problem.fees</comment>
      <translation>Unfair fees</translation>
    </message>
    <message>
      <source>机器不好用</source>
      <comment>complaint.problem.machine</comment>
      <translation>The machine is hard to use</translation>
    </message>
    <message>
      <source>让我跑了很多次</source>
      <comment>complaint.problem.many_trips</comment>
      <translation>I had to come many times</translation>
    </message>
    <message>
      <source>上班时间没有人</source>
      <comment>complaint.problem.not_open</comment>
      <translation>Nobody there in working hours</translation>
    </message>
    <message>
      <source>让我去别的地方办</source>
      <comment>complaint.problem.other_place</comment>
      <translation>Sent to another place</translation>
    </message>
    <message>
      <source>办得太慢</source>
      <comment>complaint.problem.slow</comment>
      <translation>Too slow</translation>
    </message>
    <message>
      <source>材料要求说不清楚</source>
      <comment>complaint.problem.unclear</comment>
      <translation>Unclear about the materials</translation>
    </message>
    <message>
      <source>常见问题（可以点几个）：</source>
      <comment>complaint.problems</comment>
      <translation>Common problems (tap any):</translation>
    </message>
    <message>
      <source>已提交，回执编号 {no}。回执正在打印，请收好。</source>
      <comment>complaint.sent</comment>
      <translation>Sent. Slip number {no}. The slip is printing; please keep it.</translation>
    </message>
    <message>
      <source>想说的话（可不填，用拼音输入）：</source>
      <comment>complaint.text</comment>
      <translation>What you want to say (optional, pinyin keyboard):</translation>
    </message>
    <message>
      <source>投诉建议（监督举报）</source>
      <comment>complaint.title</comment>
      <translation>Complaints and suggestions</translation>
    </message>
    <message>
      <source>留不留名字？</source>
      <comment>complaint.who</comment>
      <translation>Leave your name?</translation>
    </message>
    <message>
      <source>终端的配置文件有误，终端不能启动，请联系管理员。</source>
      <comment>config.invalid</comment>
      <translation>The terminal's configuration file is wrong, so the terminal cannot start. Please contact the administrator.</translation>
    </message>
    <message>
      <source>授权书没有打印出来（打印机缺纸或未连接）。申请已存为草稿，处理好打印机后再继续。</source>
      <comment>consent.not_printed</comment>
      <translation>The consent was not printed (the printer is out of paper or not connected). The application was saved as a draft; continue once the printer is fixed.</translation>
    </message>
    <message>
      <source>村民没有放身份证：请先选择读不了身份证的原因。</source>
      <comment>consent.reason_needed</comment>
      <translation>The villager did not place an ID card: first choose why the card could not be read.</translation>
    </message>
    <message>
      <source>没有找到合适的事项。请点“政策咨询”，或请工作人员帮忙。</source>
      <comment>consult.none</comment>
      <translation>No matching service was found. Please tap "Policy consultation", or ask the staff.</translation>
    </message>
    <message>
      <source>想要的是钱（补贴、报销），还是一张证明或证件？</source>
      <comment>consult.question.want</comment>
      <translation>Do you want money (an allowance, a refund) or a certificate or document?</translation>
    </message>
    <message>
      <source>遇到了什么事？</source>
      <comment>consult.question.what</comment>
      <translation>What happened?</translation>
    </message>
    <message>
      <source>这件事是为谁办？</source>
      <comment>consult.question.who</comment>
      <translation>Who is it for?</translation>
    </message>
    <message>
      <source>您可能要办这些事，点一个看办事指南：</source>
      <comment>consult.result</comment>
      <translation>You may need one of these. Tap one to see its guide:</translation>
    </message>
    <message>
      <source>不知道办什么？回答几个问题，帮您找</source>
      <comment>consult.title</comment>
      <translation>Not sure what to apply for? Answer a few questions</translation>
    </message>
    <message>
      <source>不清楚，都看看</source>
      <comment>consult.want.any</comment>
      <translation>Not sure, show both</translation>
    </message>
    <message>
      <source>钱（补贴、报销）</source>
      <comment>consult.want.money</comment>
      <translation>Money (allowance, refund)</translation>
    </message>
    <message>
      <source>证明或证件</source>
      <comment>consult.want.paper</comment>
      <translation>A certificate or document</translation>
    </message>
    <message>
      <source>生孩子、上户口</source>
      <comment>consult.what.birth</comment>
      <translation>A baby, registering a birth</translation>
    </message>
    <message>
      <source>家里有人去世</source>
      <comment>consult.what.death</comment>
      <translation>A death in the family</translation>
    </message>
    <message>
      <source>种地、养殖、林木</source>
      <comment>consult.what.farming</comment>
      <translation>Farming, animals, forestry</translation>
    </message>
    <message>
      <source>生活困难</source>
      <comment>consult.what.hardship</comment>
      <translation>Hard times</translation>
    </message>
    <message>
      <source>盖房、修房</source>
      <comment>consult.what.house</comment>
      <translation>Building or repairing a house</translation>
    </message>
    <message>
      <source>生病、住院、残疾</source>
      <comment>consult.what.illness</comment>
      <translation>Illness, hospital, disability</translation>
    </message>
    <message>
      <source>年纪大了、养老</source>
      <comment>consult.what.old_age</comment>
      <translation>Old age, pension</translation>
    </message>
    <message>
      <source>户口、证件、证明</source>
      <comment>consult.what.papers</comment>
      <translation>Household register, IDs, certificates</translation>
    </message>
    <message>
      <source>孩子上学</source>
      <comment>consult.what.school</comment>
      <translation>A child going to school</translation>
    </message>
    <message>
      <source>找工作、做生意</source>
      <comment>consult.what.work</comment>
      <translation>Finding work, a small business</translation>
    </message>
    <message>
      <source>孩子</source>
      <comment>consult.who.child</comment>
      <translation>A child</translation>
    </message>
    <message>
      <source>家里老人</source>
      <comment>consult.who.elder</comment>
      <translation>An elderly family member</translation>
    </message>
    <message>
      <source>家里其他人</source>
      <comment>consult.who.family</comment>
      <translation>Another family member</translation>
    </message>
    <message>
      <source>我自己</source>
      <comment>consult.who.self</comment>
      <translation>Myself</translation>
    </message>
    <message>
      <source>地址里没有村（社区）或组，快递员找不到。请把村名和组写上。</source>
      <comment>delivery.address_no_village</comment>
      <translation>The address has no village (community) or group, so the courier cannot find it. Please add the village and the group.</translation>
    </message>
    <message>
      <source>地址太短，快递员找不到。请写到村（社区）、组和门牌号。</source>
      <comment>delivery.address_short</comment>
      <translation>The address is too short for the courier. Please write the village (community), group and house number.</translation>
    </message>
    <message>
      <source>邮寄地址（写到村、组和门牌号）</source>
      <comment>delivery.form.address</comment>
      <translation>Mailing address (village, group and house number)</translation>
    </message>
    <message>
      <source>选一种。邮寄不收费，快递员送到前会打电话。</source>
      <comment>delivery.form.hint</comment>
      <translation>Choose one. Mailing is free; the courier calls before coming.</translation>
    </message>
    <message>
      <source>领取方式</source>
      <comment>delivery.form.method</comment>
      <translation>How to get it</translation>
    </message>
    <message>
      <source>收件人手机号码（快递员联系您）</source>
      <comment>delivery.form.mobile</comment>
      <translation>Mobile number for the courier</translation>
    </message>
    <message>
      <source>办好以后，结果怎么给您</source>
      <comment>delivery.form.title</comment>
      <translation>When it is done, how should the result reach you?</translation>
    </message>
    <message>
      <source>请选择办好以后怎么拿到结果：在村里领、到乡镇领，或者邮寄。</source>
      <comment>delivery.invalid</comment>
      <translation>Please choose how to get the result: at the village station, at the township hall, or by mail.</translation>
    </message>
    <message>
      <source>邮寄到家（免费）</source>
      <comment>delivery.method.mail</comment>
      <translation>Mailed home (free)</translation>
    </message>
    <message>
      <source>到本村便民服务站领取</source>
      <comment>delivery.method.station</comment>
      <translation>Pick up at this village station</translation>
    </message>
    <message>
      <source>到乡镇便民服务中心领取</source>
      <comment>delivery.method.township</comment>
      <translation>Pick up at the township service centre</translation>
    </message>
    <message>
      <source>这个数据目录已经注册到另一个政务服务平台，演示模式不会覆盖它。请换一个数据目录（--home）运行演示。</source>
      <comment>demo.foreign_credentials</comment>
      <translation>This data folder is enrolled with another government service platform; the demo will not overwrite it. Run the demo with another data folder (--home).</translation>
    </message>
    <message>
      <source>磁盘空间不足，请联系管理员清理。</source>
      <comment>disk.low</comment>
      <translation>The disk is almost full. Please ask the administrator to free some space.</translation>
    </message>
    <message>
      <source>这份草稿已损坏或不是您的，打不开。可以删除它，其他申请不受影响。</source>
      <comment>draft.damaged</comment>
      <translation>This draft is damaged or not yours and cannot be opened. You can delete it; nothing else is affected.</translation>
    </message>
    <message>
      <source>草稿打不开。</source>
      <comment>draft.error</comment>
      <translation>The draft cannot be opened.</translation>
    </message>
    <message>
      <source>这份草稿已不在本机（可能已过期清除）。</source>
      <comment>draft.missing</comment>
      <translation>This draft is no longer on this terminal (it may have expired and been wiped).</translation>
    </message>
    <message>
      <source>CA 证书文件无法读取，或其中没有 PEM 格式的证书，请检查文件。</source>
      <comment>enroll.bad_ca_file</comment>
      <translation>The CA certificate file cannot be read or holds no PEM certificate. Please check the file.</translation>
    </message>
    <message>
      <source>注册码无效或已使用，请向平台管理员重新申请注册码。</source>
      <comment>enroll.bad_code</comment>
      <translation>The enrolment code is invalid or already used. Please ask the platform administrator for a new one.</translation>
    </message>
    <message>
      <source>平台密钥指纹格式不对：应为注册单上的 40 位数字和字母（0-9、A-F，分组之间的横线可写可不写）。</source>
      <comment>enroll.bad_fingerprint</comment>
      <translation>The platform key fingerprint is malformed: it is the 40 digits and letters (0-9, A-F) on the enrolment sheet, with or without the dashes.</translation>
    </message>
    <message>
      <source>终端注册成功。</source>
      <comment>enroll.done</comment>
      <translation>The terminal is enrolled.</translation>
    </message>
    <message>
      <source>缺少平台密钥指纹：请把注册单上的指纹用 --fingerprint 填上（或写入站点配置 key_fingerprint），终端要先核对平台身份才能注册。</source>
      <comment>enroll.fingerprint_required</comment>
      <translation>The platform key fingerprint is missing: give the one on the enrolment sheet with --fingerprint (or key_fingerprint in the site configuration). The terminal checks the platform before it enrols.</translation>
    </message>
    <message>
      <source>政务服务平台的密钥与注册单上的指纹不一致，连接可能被拦截！本机不会保存或使用这个密钥，也不会向它发送任何申请。请不要继续，并联系平台管理员核实。</source>
      <comment>enroll.key_mismatch</comment>
      <translation>The platform's key does not match the fingerprint on the enrolment sheet: the connection may be intercepted! This terminal will not keep or use that key and sends it no application. Do not go on, and ask the platform administrator to check.</translation>
    </message>
    <message>
      <source>平台密钥指纹核对没有通过，没有保存注册信息。</source>
      <comment>enroll.pin_error</comment>
      <translation>The platform key fingerprint check failed; nothing was saved.</translation>
    </message>
    <message>
      <source>{label}应为12到30位数字，请照着存折或银行卡填写。</source>
      <comment>form.bank_account.invalid</comment>
      <translation>{label} should be 12 to 30 digits. Please copy it from the bank book or card.</translation>
    </message>
    <message>
      <source>请填写{label}，照着存折或银行卡上的号码填。</source>
      <comment>form.bank_account.required</comment>
      <translation>Please fill in {label}, as on the bank book or card.</translation>
    </message>
    <message>
      <source>请从列出的选项中选择{label}。</source>
      <comment>form.choice.invalid</comment>
      <translation>Please choose {label} from the options listed.</translation>
    </message>
    <message>
      <source>请选择{label}。</source>
      <comment>form.choice.required</comment>
      <translation>Please choose {label}.</translation>
    </message>
    <message>
      <source>{label}不能晚于今天。</source>
      <comment>form.date.future</comment>
      <translation>{label} cannot be later than today.</translation>
    </message>
    <message>
      <source>{label}请按“年-月-日”填写，例如2024-03-08。</source>
      <comment>form.date.invalid</comment>
      <translation>Please write {label} as year-month-day, for example 2024-03-08.</translation>
    </message>
    <message>
      <source>请填写{label}，例如2024-03-08。</source>
      <comment>form.date.required</comment>
      <translation>Please fill in {label}, for example 2024-03-08.</translation>
    </message>
    <message>
      <source>本事项须年满{age}周岁才能办理，按{label}还未满{age}周岁。</source>
      <comment>form.date.too_young</comment>
      <translation>This service is for people aged {age} or older; by {label} you are not {age} yet.</translation>
    </message>
    <message>
      <source>表格出了问题，请返回重新操作。</source>
      <comment>form.error</comment>
      <translation>There is a problem with the form. Please go back and try again.</translation>
    </message>
    <message>
      <source>{label}填写有误，请重新填写。</source>
      <comment>form.group.invalid</comment>
      <translation>{label} has errors. Please fill it in again.</translation>
    </message>
    <message>
      <source>{label}至少要填{min}项。</source>
      <comment>form.group.too_few</comment>
      <translation>Please list at least {min} under {label}.</translation>
    </message>
    <message>
      <source>{label}最多只能填{max}项。</source>
      <comment>form.group.too_many</comment>
      <translation>Please list at most {max} under {label}.</translation>
    </message>
    <message>
      <source>{label}有误，请逐位核对；最后一位可能是数字或字母X。</source>
      <comment>form.id_number.invalid</comment>
      <translation>{label} is wrong. Please check each character; the last one may be a digit or the letter X.</translation>
    </message>
    <message>
      <source>{label}应为18位，请逐位核对。</source>
      <comment>form.id_number.length</comment>
      <translation>{label} has 18 characters. Please check each one.</translation>
    </message>
    <message>
      <source>请填写{label}，共18位。</source>
      <comment>form.id_number.required</comment>
      <translation>Please fill in {label}, 18 characters.</translation>
    </message>
    <message>
      <source>{label}（{unit}）</source>
      <comment>form.label_unit</comment>
      <translation>{label} ({unit})</translation>
    </message>
    <message>
      <source>区（县）</source>
      <comment>form.level.district</comment>
      <translation>district (county)</translation>
    </message>
    <message>
      <source>乡镇（街道）</source>
      <comment>form.level.township</comment>
      <translation>township (subdistrict)</translation>
    </message>
    <message>
      <source>村（社区）</source>
      <comment>form.level.village</comment>
      <translation>village (community)</translation>
    </message>
    <message>
      <source>这一项是从身份证上读取的，不能修改。</source>
      <comment>form.locked</comment>
      <translation>This was read from the ID card and cannot be changed.</translation>
    </message>
    <message>
      <source>请填写正确的{label}，11位数字，以1开头。</source>
      <comment>form.mobile.invalid</comment>
      <translation>Please fill in a correct {label}: 11 digits, starting with 1.</translation>
    </message>
    <message>
      <source>请填写{label}，11位数字，以1开头。</source>
      <comment>form.mobile.required</comment>
      <translation>Please fill in {label}: 11 digits, starting with 1.</translation>
    </message>
    <message>
      <source>否</source>
      <comment>form.no</comment>
      <translation>No</translation>
    </message>
    <message>
      <source>{label}请只填数字。</source>
      <comment>form.number.invalid</comment>
      <translation>Please write only digits for {label}.</translation>
    </message>
    <message>
      <source>{label}请填整数，不要带小数点。</source>
      <comment>form.number.not_integer</comment>
      <translation>Please write a whole number for {label}, without a decimal point.</translation>
    </message>
    <message>
      <source>{label}不能大于{max}{unit}。</source>
      <comment>form.number.too_large</comment>
      <translation>{label} cannot be more than {max} {unit}.</translation>
    </message>
    <message>
      <source>{label}不能小于{min}{unit}。</source>
      <comment>form.number.too_small</comment>
      <translation>{label} cannot be less than {min} {unit}.</translation>
    </message>
    <message>
      <source>请从列表中选择{label}。</source>
      <comment>form.region.invalid</comment>
      <translation>Please choose {label} from the list.</translation>
    </message>
    <message>
      <source>{label}请一直选到{level}。</source>
      <comment>form.region.level</comment>
      <translation>Please choose {label} down to the {level}.</translation>
    </message>
    <message>
      <source>请选择{label}。</source>
      <comment>form.region.required</comment>
      <translation>Please choose {label}.</translation>
    </message>
    <message>
      <source>请填写{label}。</source>
      <comment>form.required</comment>
      <translation>Please fill in {label}.</translation>
    </message>
    <message>
      <source>{row}（第{n}项）的{field}</source>
      <comment>form.row_field</comment>
      <translation>{field} of {row} {n}</translation>
    </message>
    <message>
      <source>{message}</source>
      <comment>form.rule</comment>
      <translation>{message}</translation>
    </message>
    <message>
      <source>{label}最多写{max}个字。</source>
      <comment>form.text.too_long</comment>
      <translation>{label} can be at most {max} characters.</translation>
    </message>
    <message>
      <source>{label}至少要写{min}个字。</source>
      <comment>form.text.too_short</comment>
      <translation>{label} needs at least {min} characters.</translation>
    </message>
    <message>
      <source>表格中没有这一项，请返回重新操作。</source>
      <comment>form.unknown_field</comment>
      <translation>This is not part of the form. Please go back and try again.</translation>
    </message>
    <message>
      <source>{label}有误，应为18位数字和大写字母，请照着营业执照逐位核对。</source>
      <comment>form.uscc.invalid</comment>
      <translation>{label} is wrong: 18 digits and capital letters. Please check each one against the business licence.</translation>
    </message>
    <message>
      <source>请填写{label}，共18位，照着营业执照填写。</source>
      <comment>form.uscc.required</comment>
      <translation>Please fill in {label}: 18 characters, as on the business licence.</translation>
    </message>
    <message>
      <source>{value}{unit}</source>
      <comment>form.value_unit</comment>
      <translation>{value} {unit}</translation>
    </message>
    <message>
      <source>是</source>
      <comment>form.yes</comment>
      <translation>Yes</translation>
    </message>
    <message>
      <source>请选择“是”或“否”：{label}。</source>
      <comment>form.yes_no.invalid</comment>
      <translation>Please choose Yes or No: {label}.</translation>
    </message>
    <message>
      <source>请选择“是”或“否”：{label}。</source>
      <comment>form.yes_no.required</comment>
      <translation>Please choose Yes or No: {label}.</translation>
    </message>
    <message>
      <source>出了点问题，请稍后再试，或请工作人员帮忙。</source>
      <comment>general</comment>
      <translation>Something went wrong. Please try again later or ask the staff for help.</translation>
    </message>
    <message>
      <source>出生日期与身份证号码不一致，请联系工作人员。</source>
      <comment>id.birth_mismatch</comment>
      <translation>The date of birth does not match the ID number. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>您的证件已过期，请到相关部门办理新证。</source>
      <comment>id.expired</comment>
      <translation>Your card has expired. Please get a new one from the office that issued it.</translation>
    </message>
    <message>
      <source>号码有误，请核对后重新输入。</source>
      <comment>id.invalid</comment>
      <translation>The number is wrong. Please check it and enter it again.</translation>
    </message>
    <message>
      <source>手机号码有误，请输入11位手机号码。</source>
      <comment>id.mobile_invalid</comment>
      <translation>The mobile number is wrong. Please enter an 11-digit mobile number.</translation>
    </message>
    <message>
      <source>证件尚未生效，请联系工作人员。</source>
      <comment>id.not_yet_valid</comment>
      <translation>The card is not valid yet. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>身份证号码有误，请核对后重新输入。</source>
      <comment>id.resident_invalid</comment>
      <translation>The ID number is wrong. Please check it and enter it again.</translation>
    </message>
    <message>
      <source>性别与身份证号码不一致，请联系工作人员。</source>
      <comment>id.sex_mismatch</comment>
      <translation>The sex does not match the ID number. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>统一社会信用代码有误，请核对后重新输入。</source>
      <comment>id.uscc_invalid</comment>
      <translation>The unified social credit code is wrong. Please check it and enter it again.</translation>
    </message>
    <message>
      <source>终端出现问题，请稍后再试，或请工作人员帮忙。</source>
      <comment>kiosk.error</comment>
      <translation>The terminal has a problem. Please try again later, or ask the staff for help.</translation>
    </message>
    <message>
      <source>可以以后再补交（{d}个工作日内）</source>
      <comment>limit.defer</comment>
      <translation>may be brought later (within {d} working days)</translation>
    </message>
    <message>
      <source>以后再带来（{d}个工作日内）</source>
      <comment>limit.deferred</comment>
      <translation>bring it later (within {d} working days)</translation>
    </message>
    <message>
      <source>当场办结</source>
      <comment>limit.on_the_spot</comment>
      <translation>done on the spot</translation>
    </message>
    <message>
      <source>{d}个工作日</source>
      <comment>limit.working_days</comment>
      <translation>{d} working days</translation>
    </message>
    <message>
      <source>终端软件的提示文字有误，请联系管理员。</source>
      <comment>messages.duplicate</comment>
      <translation>The terminal's message texts are wrong. Please contact the administrator.</translation>
    </message>
    <message>
      <source>本机保存出现问题，请联系工作人员。</source>
      <comment>offline.error</comment>
      <translation>Saving on this terminal failed. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>打印机设置有误，请联系工作人员。</source>
      <comment>printer.config</comment>
      <translation>The printer settings are wrong. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>打印机盖未合上，请合上后自动打印。</source>
      <comment>printer.cover_open</comment>
      <translation>The printer cover is open. Close it and printing goes on.</translation>
    </message>
    <message>
      <source>A4打印机现在用不了，请工作人员看一下。小票打印机照常可以用。</source>
      <comment>printer.cups_unavailable</comment>
      <translation>The A4 printer cannot be used now; please ask the staff. The receipt printer works as usual.</translation>
    </message>
    <message>
      <source>打印内容无法识别，请联系工作人员。</source>
      <comment>printer.decode</comment>
      <translation>The print data cannot be read. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>打印内容已损坏，请联系工作人员重新打印。</source>
      <comment>printer.document</comment>
      <translation>The print data is damaged. Please ask the staff to print it again.</translation>
    </message>
    <message>
      <source>打印机出现故障，请联系工作人员。</source>
      <comment>printer.error</comment>
      <translation>The printer is faulty. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>打印机没有响应，回执已保存，恢复后会自动打印。</source>
      <comment>printer.no_answer</comment>
      <translation>The printer does not answer. The receipt is saved and prints when the printer is back.</translation>
    </message>
    <message>
      <source>本机缺少中文字体，无法打印中文，请联系工作人员。</source>
      <comment>printer.no_cjk_font</comment>
      <translation>This terminal has no Chinese font and cannot print Chinese. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>打印机暂时无法打印，回执已保存，恢复后会自动打印。</source>
      <comment>printer.not_ready</comment>
      <translation>The printer cannot print right now. The receipt is saved and prints when the printer is back.</translation>
    </message>
    <message>
      <source>打印机未连接或未开机，回执已保存，恢复后会自动打印。</source>
      <comment>printer.offline</comment>
      <translation>The printer is not connected or not switched on. The receipt is saved and prints when the printer is back.</translation>
    </message>
    <message>
      <source>打印纸快用完了，请工作人员及时换纸。</source>
      <comment>printer.paper_low</comment>
      <translation>The paper is running low. Staff, please load new paper soon.</translation>
    </message>
    <message>
      <source>打印机缺纸，请工作人员装纸；回执已保存，装纸后会自动打印。</source>
      <comment>printer.paper_out</comment>
      <translation>The printer is out of paper. Staff, please load paper; the receipt is saved and prints then.</translation>
    </message>
    <message>
      <source>本机未安装打印机所需的组件，请联系工作人员。</source>
      <comment>printer.unavailable</comment>
      <translation>This terminal lacks what the printer needs. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>无法读取打印机状态，请留意回执是否打出。</source>
      <comment>printer.unknown</comment>
      <translation>The printer's state cannot be read. Please check that the receipt came out.</translation>
    </message>
    <message>
      <source>为了保护您的信息，只凭受理编号或旧回执上的二维码不能查看办件情况。请放身份证查询，或扫描新回执上的二维码。</source>
      <comment>progress.number_only</comment>
      <translation>To protect your information, a receipt number or the QR code of an old receipt alone does not show the application. Please put your ID card down, or scan the QR code of a new receipt.</translation>
    </message>
    <message>
      <source>照片有些模糊，请拿稳后重拍。</source>
      <comment>quality.blurry</comment>
      <translation>The picture is blurred. Please hold it steady and take it again.</translation>
    </message>
    <message>
      <source>材料没有拍全，请把整页材料放进框内后重拍。</source>
      <comment>quality.cut_off</comment>
      <translation>Part of the document is missing. Please put the whole page in the frame and take it again.</translation>
    </message>
    <message>
      <source>材料上有反光，看不清字，请挪开一点或换个角度后重拍。</source>
      <comment>quality.glare</comment>
      <translation>A reflection hides the words. Please move it a little or change the angle, and take it again.</translation>
    </message>
    <message>
      <source>没有找到材料，请把材料平放在拍摄区域内。</source>
      <comment>quality.no_page</comment>
      <translation>No document found. Please lay it flat in the capture area.</translation>
    </message>
    <message>
      <source>材料离得太远，请放近一些后重拍。</source>
      <comment>quality.too_small</comment>
      <translation>The document is too far away. Please bring it closer and take it again.</translation>
    </message>
    <message>
      <source>已办好，已邮寄，快递单号 {no}，请留意快递员电话</source>
      <comment>result.mailed</comment>
      <translation>Done and mailed, tracking number {no}; the courier will call you</translation>
    </message>
    <message>
      <source>已办好，已邮寄，请留意快递员电话</source>
      <comment>result.mailed.no_number</comment>
      <translation>Done and mailed; the courier will call you</translation>
    </message>
    <message>
      <source>已办好，正在准备邮寄，请留意快递员电话</source>
      <comment>result.ready.mail</comment>
      <translation>Done, being prepared for mailing; the courier will call you</translation>
    </message>
    <message>
      <source>已办好，请带身份证到{station}领取</source>
      <comment>result.ready.station</comment>
      <translation>Done: please bring your ID card to {station} to pick it up</translation>
    </message>
    <message>
      <source>已办好，请带身份证到乡镇便民服务中心领取</source>
      <comment>result.ready.township</comment>
      <translation>Done: please bring your ID card to the township service centre to pick it up</translation>
    </message>
    <message>
      <source>本机加密申请时出现问题，申请没有提交，请联系管理员。</source>
      <comment>seal.error</comment>
      <translation>The application could not be encrypted on this terminal and was not submitted. Please contact the administrator.</translation>
    </message>
    <message>
      <source>已受理，正在办理</source>
      <comment>status.accepted</comment>
      <translation>Accepted, in progress</translation>
    </message>
    <message>
      <source>已办结（通过）</source>
      <comment>status.approved</comment>
      <translation>Done (approved)</translation>
    </message>
    <message>
      <source>已办好，已邮寄</source>
      <comment>status.mailed</comment>
      <translation>Done, sent by post</translation>
    </message>
    <message>
      <source>需要补充材料</source>
      <comment>status.needs_supplement</comment>
      <translation>More documents needed</translation>
    </message>
    <message>
      <source>已办好，可以领取</source>
      <comment>status.ready</comment>
      <translation>Done, ready to collect</translation>
    </message>
    <message>
      <source>政务服务平台已收到</source>
      <comment>status.received</comment>
      <translation>Received by the government service platform</translation>
    </message>
    <message>
      <source>未通过</source>
      <comment>status.rejected</comment>
      <translation>Not approved</translation>
    </message>
    <message>
      <source>已在本机提交，等待上传</source>
      <comment>status.submitted</comment>
      <translation>Submitted on this terminal, waiting to be sent</translation>
    </message>
    <message>
      <source>本机已有这个代办员编号。</source>
      <comment>store.agent_exists</comment>
      <translation>This terminal already has an agent with this number.</translation>
    </message>
    <message>
      <source>本机保存的材料文件已损坏，请联系管理员。</source>
      <comment>store.attachment_damaged</comment>
      <translation>A document file saved on this terminal is damaged. Please contact the administrator.</translation>
    </message>
    <message>
      <source>终端注册信息有误，这次没有提交，请联系管理员重新注册。</source>
      <comment>store.bad_platform_key</comment>
      <translation>The terminal's enrolment is wrong; nothing was submitted. Please ask the administrator to enrol it again.</translation>
    </message>
    <message>
      <source>本机数据文件损坏，请联系管理员。</source>
      <comment>store.corrupt</comment>
      <translation>This terminal's data file is damaged. Please contact the administrator.</translation>
    </message>
    <message>
      <source>本机存储空间已满，申请没有提交，请联系管理员清理。</source>
      <comment>store.disk_full</comment>
      <translation>This terminal's storage is full; the application was not submitted. Please ask the administrator to make room.</translation>
    </message>
    <message>
      <source>本机保存申请时出现问题，申请没有提交，请重试或联系工作人员。</source>
      <comment>store.error</comment>
      <translation>Saving the application failed; it was not submitted. Please try again or ask the staff for help.</translation>
    </message>
    <message>
      <source>申请内容不完整，没有提交，请检查后重试。</source>
      <comment>store.invalid_application</comment>
      <translation>The application is incomplete and was not submitted. Please check it and try again.</translation>
    </message>
    <message>
      <source>评价内容有误，没有保存，请重新评价。</source>
      <comment>store.invalid_rating</comment>
      <translation>The rating could not be saved. Please rate again.</translation>
    </message>
    <message>
      <source>本机数据文件夹的权限无法收紧，其他账户可能读到其中的文件，请联系管理员。</source>
      <comment>store.permissions</comment>
      <translation>The data folder's permissions cannot be tightened: other accounts may read its files. Please contact the administrator.</translation>
    </message>
    <message>
      <source>本机数据文件损坏，已另存一份并重新开始；请联系管理员。</source>
      <comment>store.recovered</comment>
      <translation>This terminal's data file was damaged; a copy was kept and a new one started. Please contact the administrator.</translation>
    </message>
    <message>
      <source>本机数据无法打开，申请暂时不能提交，请联系管理员。</source>
      <comment>store.unavailable</comment>
      <translation>This terminal's data cannot be opened; applications cannot be submitted now. Please contact the administrator.</translation>
    </message>
    <message>
      <source>本机找不到这份申请，无法补正，请到窗口办理。</source>
      <comment>store.unknown_application</comment>
      <translation>This application is not on this terminal and cannot be completed here. Please go to the service window.</translation>
    </message>
    <message>
      <source>申请文件有误，没有提交，请检查文件后重试。</source>
      <comment>submit.bad_file</comment>
      <translation>The application file is wrong and was not submitted. Please check the file and try again.</translation>
    </message>
    <message>
      <source>本数据目录已有一个同步进程在运行（进程号 {pid}），本次不再启动 (another sync process, pid {pid}, already runs for this data folder)</source>
      <comment>sync.already_running</comment>
      <translation>Another sync process (pid {pid}) already runs for this data folder; this one does not start.</translation>
    </message>
    <message>
      <source>材料文件正在重新上传，请稍候。</source>
      <comment>sync.attachment_missing</comment>
      <translation>A document is being uploaded again. Please wait.</translation>
    </message>
    <message>
      <source>政务服务平台不接收本机的审计日志，请联系管理员核查。</source>
      <comment>sync.audit_refused</comment>
      <translation>The platform does not accept this terminal's audit log. Please ask the administrator to check.</translation>
    </message>
    <message>
      <source>政务服务平台暂时无法正常应答，申请已保存在本机，稍后会自动重试。</source>
      <comment>sync.bad_response</comment>
      <translation>The platform does not answer properly right now. The application is saved here and is sent again later.</translation>
    </message>
    <message>
      <source>平台地址写得不对，应为 https://平台域名或地址[:端口]。</source>
      <comment>sync.bad_url</comment>
      <translation>The platform address is wrong: it should be https://host[:port].</translation>
    </message>
    <message>
      <source>无法验证政务服务平台的安全证书，连接可能被拦截，本机没有发送任何数据。请管理员检查平台地址和证书（CA 文件）设置。</source>
      <comment>sync.certificate_rejected</comment>
      <translation>The platform's security certificate cannot be verified: the connection may be intercepted, and nothing was sent. Administrator, please check the platform address and the CA file.</translation>
    </message>
    <message>
      <source>平台上已有编号相同但内容不同的申请，请联系工作人员处理。</source>
      <comment>sync.conflict</comment>
      <translation>The platform already has an application with this number but other content. Please ask the staff for help.</translation>
    </message>
    <message>
      <source>本机保存的一份待发送记录有误，请联系管理员。</source>
      <comment>sync.entry_invalid</comment>
      <translation>A record waiting to be sent is wrong. Please contact the administrator.</translation>
    </message>
    <message>
      <source>与政务服务平台同步时出现问题，申请已保存在本机，稍后会自动重试。</source>
      <comment>sync.error</comment>
      <translation>Syncing with the platform failed. The application is saved here and is sent again later.</translation>
    </message>
    <message>
      <source>平台地址不安全：http:// 只能用于本机测试，连接其他机器必须使用 https:// 地址。本机没有发送任何数据。</source>
      <comment>sync.insecure_link</comment>
      <translation>The platform address is not secure: http:// is only for tests on this machine; another machine needs https://. Nothing was sent.</translation>
    </message>
    <message>
      <source>终端尚未注册到政务服务平台，申请会先保存在本机。</source>
      <comment>sync.not_enrolled</comment>
      <translation>The terminal is not enrolled with the platform yet; applications are kept here first.</translation>
    </message>
    <message>
      <source>暂时连不上政务服务平台，申请会先保存在本机，联网后自动上传。</source>
      <comment>sync.platform_unreachable</comment>
      <translation>The platform cannot be reached right now. Applications are kept here and sent once online.</translation>
    </message>
    <message>
      <source>平台没有接收一份申请，请联系工作人员查看。</source>
      <comment>sync.rejected</comment>
      <translation>The platform did not accept an application. Please ask the staff to look at it.</translation>
    </message>
    <message>
      <source>本终端已停用，请联系管理员。申请已保存在本机。</source>
      <comment>sync.revoked</comment>
      <translation>This terminal has been switched off by the platform. Please contact the administrator. Applications are kept here.</translation>
    </message>
    <message>
      <source>平台没有接受这个请求，请稍后再试，或请工作人员帮忙。</source>
      <comment>sync.service_refused</comment>
      <translation>The platform did not accept this request. Please try again later, or ask the staff.</translation>
    </message>
    <message>
      <source>暂时无法从平台获取办理进度，稍后会自动重试。</source>
      <comment>sync.status_feed_rejected</comment>
      <translation>The progress cannot be fetched from the platform right now; it is tried again later.</translation>
    </message>
    <message>
      <source>终端的注册已失效，请联系管理员重新注册。申请已保存在本机。</source>
      <comment>sync.unauthorized</comment>
      <translation>The terminal's enrolment is no longer valid. Please ask the administrator to enrol it again. Applications are kept here.</translation>
    </message>
    <message>
      <source>材料上传没有成功，稍后会自动重试。</source>
      <comment>sync.upload_failed</comment>
      <translation>A document upload did not succeed; it is tried again later.</translation>
    </message>
    <message>
      <source>平台暂存的本机材料已满，申请已保存在本机，稍后会自动重试。</source>
      <comment>sync.upload_quota</comment>
      <translation>The platform's store for this terminal's documents is full. The application is kept here and sent later.</translation>
    </message>
    <message>
      <source>终端的注册文件已损坏，申请会先保存在本机，请联系管理员处理。</source>
      <comment>terminal.credentials_damaged</comment>
      <translation>The terminal's enrolment file is damaged. Applications are kept on this terminal for now; please ask the administrator to fix it.</translation>
    </message>
    <message>
      <source>终端尚未注册，请联系管理员完成注册后再提交。</source>
      <comment>terminal.not_enrolled</comment>
      <translation>The terminal is not enrolled yet. Please ask the administrator to enrol it before submitting.</translation>
    </message>
    <message>
      <source>摄像头断开了，正在重新连接。请稍等，或请工作人员帮忙。</source>
      <comment>ui.camera_lost</comment>
      <translation>The camera was disconnected and is reconnecting. Please wait, or ask the staff for help.</translation>
    </message>
    <message>
      <source>身份证拿开了，请把身份证重新放到读卡区，放好后不要移动。</source>
      <comment>ui.card_removed</comment>
      <translation>The ID card was lifted. Please put it back on the reader and keep it still.</translation>
    </message>
    <message>
      <source>　</source>
      <comment>ui.gap</comment>
      <translation> · </translation>
    </message>
    <message>
      <source>；</source>
      <comment>ui.list</comment>
      <translation>; </translation>
    </message>
    <message>
      <source>没有读到身份证，请把身份证放到读卡区。</source>
      <comment>ui.no_card</comment>
      <translation>No ID card was read. Please put your ID card on the reader.</translation>
    </message>
    <message>
      <source>{text}（{note}）</source>
      <comment>ui.note</comment>
      <translation>{text} ({note})</translation>
    </message>
    <message>
      <source>没有找到您的办件记录。</source>
      <comment>ui.nothing_found</comment>
      <translation>No applications of yours were found.</translation>
    </message>
    <message>
      <source>现在连不上网络，下面是本机保存的记录，可能不是最新的。</source>
      <comment>ui.offline_copy</comment>
      <translation>The network cannot be reached. Below is this terminal's own record, which may not be the latest.</translation>
    </message>
    <message>
      <source>下面是政务服务平台上的最新记录。</source>
      <comment>ui.online_copy</comment>
      <translation>Below is the latest record from the government service platform.</translation>
    </message>
    <message>
      <source>{key}：{value}</source>
      <comment>ui.pair</comment>
      <translation>{key}: {value}</translation>
    </message>
    <message>
      <source>密码不对，请重新输入。</source>
      <comment>ui.pin_wrong</comment>
      <translation>Wrong PIN. Please try again.</translation>
    </message>
    <message>
      <source>打印机暂时不能打印，您的申请已经保存好，回执会在打印机恢复后打印出来。</source>
      <comment>ui.printer_later</comment>
      <translation>The printer cannot print right now. Your application is saved; the receipt prints when the printer is back.</translation>
    </message>
    <message>
      <source>没有认出这张回执上的二维码，请把回执上的二维码对准摄像头。</source>
      <comment>ui.qr_unknown</comment>
      <translation>This QR code was not recognised. Please hold the QR code of your receipt up to the camera.</translation>
    </message>
    <message>
      <source>、</source>
      <comment>ui.series</comment>
      <translation>, </translation>
    </message>
  </context>
</TS>
