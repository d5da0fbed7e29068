<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AdminDiagnostics</name>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="24"/>
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="25"/>
        <source>身份证读卡器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="26"/>
        <source>社保卡读卡器</source>
        <translation>Social security card reader</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="27"/>
        <source>高拍仪</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="28"/>
        <location filename="../pages/admin_diagnostics.py" line="56"/>
        <source>语音</source>
        <translation>Speech</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="29"/>
        <source>存储空间</source>
        <translation>Storage</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="30"/>
        <source>时间</source>
        <translation>Clock</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="31"/>
        <source>网络和平台</source>
        <translation>Network and platform</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="34"/>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="35"/>
        <source>需留意</source>
        <translation>Needs attention</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="36"/>
        <source>有故障</source>
        <translation>Fault</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="40"/>
        <source>打印测试页</source>
        <translation>Print a test page</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="41"/>
        <source>试读身份证</source>
        <translation>Read a test card</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="42"/>
        <source>试听语音</source>
        <translation>Play a test sentence</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="47"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="48"/>
        <source>纸宽</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="49"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="50"/>
        <source>待打印</source>
        <translation>Waiting to print</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="51"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="52"/>
        <source>读卡器</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="53"/>
        <source>帧率</source>
        <translation>Frame rate</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="54"/>
        <source>清晰度</source>
        <translation>Sharpness</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="55"/>
        <source>亮度</source>
        <translation>Brightness</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="57"/>
        <source>关闭</source>
        <translation>Off</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="58"/>
        <source>可用空间</source>
        <translation>Free space</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="59"/>
        <source>可存扫描</source>
        <translation>Scans that fit</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="60"/>
        <source>与平台相差</source>
        <translation>Off from the platform by</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="61"/>
        <source>平台</source>
        <translation>Platform</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="62"/>
        <source>域名解析</source>
        <translation>DNS</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="63"/>
        <source>连接</source>
        <translation>TCP connect</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="64"/>
        <source>加密连接</source>
        <translation>TLS handshake</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="65"/>
        <source>平台应答</source>
        <translation>API answer</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="86"/>
        <source>重新检测</source>
        <translation>Check again</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="96"/>
        <source>正在检测……</source>
        <translation>Checking...</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="104"/>
        <source>{k}：{v}</source>
        <translation>{k}: {v}</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="106"/>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="121"/>
        <source>设备检测</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <location filename="../pages/admin_diagnostics.py" line="136"/>
        <source>全部重新检测</source>
        <translation>Check everything again</translation>
    </message>
</context>
<context>
    <name>AdminEnrol</name>
    <message>
        <location filename="../pages/admin_enrol.py" line="26"/>
        <location filename="../pages/admin_enrol.py" line="47"/>
        <source>注册</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <location filename="../pages/admin_enrol.py" line="29"/>
        <source>平台地址</source>
        <translation>Platform address</translation>
    </message>
    <message>
        <location filename="../pages/admin_enrol.py" line="36"/>
        <source>注册码（平台注册单上的）</source>
        <translation>Enrolment code (from the platform&apos;s enrolment slip)</translation>
    </message>
    <message>
        <location filename="../pages/admin_enrol.py" line="60"/>
        <source>已注册：{url}
站点编号 {station}，终端编号 {device}，注册于 {since}</source>
        <translation>Enrolled with {url}
Station {station}, terminal {device}, since {since}</translation>
    </message>
    <message>
        <location filename="../pages/admin_enrol.py" line="69"/>
        <source>尚未注册到政务服务平台。</source>
        <translation>Not enrolled with the government service platform yet.</translation>
    </message>
    <message>
        <location filename="../pages/admin_enrol.py" line="74"/>
        <source>请填写平台地址和注册码。</source>
        <translation>Please enter the platform address and the enrolment code.</translation>
    </message>
    <message>
        <location filename="../pages/admin_enrol.py" line="82"/>
        <source>请重新启动程序。</source>
        <translation> Please restart the program.</translation>
    </message>
</context>
<context>
    <name>AdminHomePage</name>
    <message>
        <location filename="../pages/admin_home.py" line="21"/>
        <source>设备检测</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="22"/>
        <source>同步监控</source>
        <translation>Sync monitor</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="23"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="24"/>
        <source>注册</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="25"/>
        <source>导出日志</source>
        <translation>Export logs</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="26"/>
        <source>修改管理员密码</source>
        <translation>Change the administrator PIN</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="34"/>
        <source>终端管理</source>
        <translation>Terminal administration</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="48"/>
        <source>重新启动程序</source>
        <translation>Restart the program</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="51"/>
        <source>退出到桌面</source>
        <translation>Exit to the desktop</translation>
    </message>
    <message>
        <location filename="../pages/admin_home.py" line="57"/>
        <source>{name}（{code}），软件版本 {version}</source>
        <translation>{name} ({code}), software version {version}</translation>
    </message>
</context>
<context>
    <name>AdminLogs</name>
    <message>
        <location filename="../pages/admin_logs.py" line="41"/>
        <source>导出日志</source>
        <translation>Export logs</translation>
    </message>
    <message>
        <location filename="../pages/admin_logs.py" line="43"/>
        <source>插入U盘后点它的名字，或填写一个文件夹。日志里没有个人信息。</source>
        <translation>Insert a USB stick and tap its name, or enter a folder. The logs hold no personal data.</translation>
    </message>
    <message>
        <location filename="../pages/admin_logs.py" line="51"/>
        <source>或导出到文件夹</source>
        <translation>Or export to a folder</translation>
    </message>
    <message>
        <location filename="../pages/admin_logs.py" line="57"/>
        <source>重新查找U盘</source>
        <translation>Look for USB sticks again</translation>
    </message>
    <message>
        <location filename="../pages/admin_logs.py" line="59"/>
        <source>导出到文件夹</source>
        <translation>Export to the folder</translation>
    </message>
    <message>
        <location filename="../pages/admin_logs.py" line="66"/>
        <source>没有找到U盘。</source>
        <translation>No USB stick found.</translation>
    </message>
    <message>
        <location filename="../pages/admin_logs.py" line="72"/>
        <source>导出到U盘 {name}</source>
        <translation>Export to USB stick {name}</translation>
    </message>
    <message>
        <location filename="../pages/admin_logs.py" line="80"/>
        <source>请填写文件夹，或插入U盘。</source>
        <translation>Please enter a folder, or insert a USB stick.</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../pages/admin.py" line="31"/>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../pages/admin.py" line="32"/>
        <source>请输入管理员密码。</source>
        <translation>Please enter the administrator PIN.</translation>
    </message>
    <message>
        <location filename="../pages/admin.py" line="46"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../pages/admin.py" line="99"/>
        <source>输错次数太多，请{m}分钟后再试。</source>
        <translation>Too many wrong PINs. Try again in {m} minutes.</translation>
    </message>
    <message>
        <location filename="../pages/admin.py" line="103"/>
        <source>输错次数太多，请{s}秒后再试。</source>
        <translation>Too many wrong PINs. Try again in {s} seconds.</translation>
    </message>
</context>
<context>
    <name>AdminPin</name>
    <message>
        <location filename="../pages/admin_pin.py" line="25"/>
        <source>修改管理员密码</source>
        <translation>Change the administrator PIN</translation>
    </message>
    <message>
        <location filename="../pages/admin_pin.py" line="26"/>
        <source>新密码为6到12位数字，请输入两次。</source>
        <translation>The new PIN is 6 to 12 digits; enter it twice.</translation>
    </message>
    <message>
        <location filename="../pages/admin_pin.py" line="31"/>
        <source>新密码</source>
        <translation>New PIN</translation>
    </message>
    <message>
        <location filename="../pages/admin_pin.py" line="32"/>
        <source>再输入一次</source>
        <translation>Once more</translation>
    </message>
    <message>
        <location filename="../pages/admin_pin.py" line="48"/>
        <source>保存新密码</source>
        <translation>Save the new PIN</translation>
    </message>
</context>
<context>
    <name>AdminSection</name>
    <message>
        <location filename="../pages/admin_base.py" line="82"/>
        <location filename="../pages/admin_settings.py" line="147"/>
        <source>请稍候……</source>
        <translation>Please wait...</translation>
    </message>
</context>
<context>
    <name>AdminSettings</name>
    <message>
        <location filename="../pages/admin_settings.py" line="28"/>
        <source>打印机类型</source>
        <translation>Printer type</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="29"/>
        <source>打印机设备（串口或文件）</source>
        <translation>Printer device (serial port or file)</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="30"/>
        <source>无操作多少秒后提醒</source>
        <translation>Seconds without a touch before the reminder</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="31"/>
        <source>社保卡读卡器名称</source>
        <translation>Social security card reader name</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="32"/>
        <source>纸宽（毫米）</source>
        <translation>Paper width (mm)</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="33"/>
        <source>网络打印机地址</source>
        <translation>Network printer address</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="34"/>
        <source>网络打印机端口</source>
        <translation>Network printer port</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="35"/>
        <source>语音播报</source>
        <translation>Speech</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="36"/>
        <source>读卡器串口</source>
        <translation>ID card reader serial port</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="37"/>
        <source>读卡器类型</source>
        <translation>ID card reader type</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="38"/>
        <source>高拍仪类型</source>
        <translation>Document camera type</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="39"/>
        <source>高拍仪编号</source>
        <translation>Document camera number</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="40"/>
        <source>默认大字模式</source>
        <translation>Large text by default</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="41"/>
        <source>串口</source>
        <translation>Serial ports</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="42"/>
        <source>摄像头</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="43"/>
        <source>USB打印机</source>
        <translation>USB printers</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="44"/>
        <source>社保卡读卡器</source>
        <translation>Social security card reader</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="47"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="48"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="49"/>
        <source>关闭</source>
        <translation>Off</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="50"/>
        <source>打开</source>
        <translation>On</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="68"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="89"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../pages/admin_settings.py" line="126"/>
        <source>已连接的设备：</source>
        <translation>Attached devices: </translation>
    </message>
</context>
<context>
    <name>AdminSync</name>
    <message>
        <location filename="../pages/admin_sync.py" line="32"/>
        <source>{n} 分钟</source>
        <translation>{n} minutes</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="34"/>
        <source>{n} 小时</source>
        <translation>{n} hours</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="35"/>
        <source>{n} 天</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="42"/>
        <source>同步监控</source>
        <translation>Sync monitor</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="51"/>
        <source>立即更新事项目录</source>
        <translation>Update the catalogue now</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="54"/>
        <source>立即重试</source>
        <translation>Retry now</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="70"/>
        <source>待发送 {n} 件，最早的已等 {age}；一直失败 {f} 件。</source>
        <translation>{n} waiting to be sent, the oldest for {age}; {f} keep failing.</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="75"/>
        <source>没有待发送的申请。</source>
        <translation>Nothing waits to be sent.</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="79"/>
        <source>正在连接平台……</source>
        <translation>Connecting to the platform...</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="81"/>
        <source>与平台连接正常。</source>
        <translation>The link to the platform works.</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="85"/>
        <source>{state}
上次成功联系：{last}；事项目录版本：{version}</source>
        <translation>{state}
Last successful contact: {last}; catalogue version: {version}</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="98"/>
        <source>已尝试 {n} 次，下次重试：{at}</source>
        <translation>Tried {n} times, next try: {at}</translation>
    </message>
    <message>
        <location filename="../pages/admin_sync.py" line="106"/>
        <source>代办员账号</source>
        <translation>Agent accounts</translation>
    </message>
</context>
<context>
    <name>AgentBar</name>
    <message>
        <location filename="../widgets/agent_bar.py" line="19"/>
        <source>存为草稿</source>
        <translation>Save as draft</translation>
    </message>
    <message>
        <location filename="../widgets/agent_bar.py" line="20"/>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../widgets/agent_bar.py" line="31"/>
        <source>代办员 {who} 已登录</source>
        <translation>Agent {who} logged in</translation>
    </message>
</context>
<context>
    <name>AgentConsent</name>
    <message>
        <location filename="../pages/agent_consent.py" line="55"/>
        <source>村民没有放身份证的原因：</source>
        <translation>Why the villager&apos;s ID card was not read:</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="68"/>
        <source>擦掉重签</source>
        <translation>Clear and sign again</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="71"/>
        <source>重新打印授权书</source>
        <translation>Print the consent again</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="78"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="99"/>
        <source>委托代办授权书</source>
        <translation>Delegation consent</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="126"/>
        <source>正在打印授权书，请交给村民保管……</source>
        <translation>Printing the consent; give it to the villager to keep…</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="132"/>
        <source>请村民读过（或听过）授权书后签名。</source>
        <translation>The villager signs after reading (or hearing) the consent.</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="134"/>
        <source>委托人（村民）签名：</source>
        <translation>Signature of the villager (who delegates):</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="136"/>
        <source>村民已签名。请代办员签名。</source>
        <translation>The villager has signed. Now the agent signs.</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="137"/>
        <source>受托人（代办员）签名：</source>
        <translation>Signature of the agent:</translation>
    </message>
</context>
<context>
    <name>AgentDashboard</name>
    <message>
        <location filename="../pages/agent_dashboard.py" line="30"/>
        <source>今日办理</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="31"/>
        <source>待上传</source>
        <translation>Waiting to upload</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="32"/>
        <source>已送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="33"/>
        <source>需要补正</source>
        <translation>Needs supplement</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="34"/>
        <source>已办结</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="35"/>
        <source>草稿</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="60"/>
        <source>为村民办理</source>
        <translation>File for a villager</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="80"/>
        <source>{who} 的工作台</source>
        <translation>{who}: dashboard</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="83"/>
        <source>正在读取……</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="115"/>
        <source>有 {n} 件申请有新进展</source>
        <translation>{n} application(s) moved on</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="118"/>
        <source>{n} 份草稿明天将自动清除</source>
        <translation>{n} draft(s) will be wiped tomorrow</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="121"/>
        <source>没有新消息。</source>
        <translation>Nothing new.</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="148"/>
        <source>没有。</source>
        <translation>None.</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="166"/>
        <source>已等 {h} 小时，已尝试 {n} 次</source>
        <translation>Waiting {h} h, tried {n} times</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="176"/>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="181"/>
        <source>补正材料</source>
        <translation>Supplement materials</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="198"/>
        <source>补打进度单</source>
        <translation>Reprint a progress slip</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="200"/>
        <source>回到列表</source>
        <translation>Back to the list</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="223"/>
        <source>保存于 {t}</source>
        <translation>Saved {t}</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="227"/>
        <source>这份草稿明天将自动清除。</source>
        <translation>This draft will be wiped tomorrow.</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="231"/>
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../pages/agent_dashboard.py" line="235"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>AgentPage</name>
    <message>
        <location filename="../pages/agent.py" line="74"/>
        <source>代办员登录</source>
        <translation>Agent login</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="39"/>
        <source>代办员编号</source>
        <translation>Agent number</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="61"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="27"/>
        <source>账号已锁定，请 {m} 分钟后再试。</source>
        <translation>The account is locked. Try again in {m} minute(s).</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="41"/>
        <source>例如 8001</source>
        <translation>e.g. 8001</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="44"/>
        <source>密码</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="76"/>
        <source>请输入代办员编号和密码。登录后为村民代办：村民本人放身份证，并签授权书。</source>
        <translation>Enter your agent number and PIN. Then file for villagers: the villager places their own ID card and signs the consent.</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="99"/>
        <source>请输入代办员编号和密码。</source>
        <translation>Enter your agent number and PIN.</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="103"/>
        <source>正在核对，请稍等……</source>
        <translation>Checking, please wait…</translation>
    </message>
    <message>
        <location filename="../pages/agent.py" line="120"/>
        <source>密码不对，还可以再试 {n} 次。</source>
        <translation>Wrong PIN. {n} tries left.</translation>
    </message>
</context>
<context>
    <name>AppointmentPage</name>
    <message>
        <location filename="../pages/appointment.py" line="39"/>
        <source>打印一次性告知单</source>
        <translation>Print the one-time notice</translation>
    </message>
    <message>
        <location filename="../pages/appointment.py" line="97"/>
        <source>{when}&#x3000;{hall}&#x3000;还剩 {n} 个</source>
        <translation>{when}  {hall}  {n} left</translation>
    </message>
    <message>
        <location filename="../pages/appointment.py" line="112"/>
        <source>取消这个预约</source>
        <translation>Cancel this appointment</translation>
    </message>
    <message>
        <location filename="../pages/appointment.py" line="114"/>
        <source>改个时间</source>
        <translation>Change the time</translation>
    </message>
    <message>
        <location filename="../pages/appointment.py" line="144"/>
        <source>请在下面选新的时间。</source>
        <translation>Please choose the new time below.</translation>
    </message>
    <message>
        <location filename="../pages/appointment.py" line="151"/>
        <source>正在预约，请稍等……</source>
        <translation>Booking, please wait...</translation>
    </message>
    <message>
        <location filename="../pages/appointment.py" line="180"/>
        <source>预约已取消。</source>
        <translation>The appointment is cancelled.</translation>
    </message>
</context>
<context>
    <name>CapturePage</name>
    <message>
        <location filename="../pages/capture.py" line="30"/>
        <source>把材料平放在拍摄区，整页都要在画面里，放好后不要动，机器会自动拍照。</source>
        <translation>Lay the document flat in the camera area, the whole page in view, and hold still: the picture is taken automatically.</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="33"/>
        <source>把证件平放在拍摄区，先拍正面，再翻过来拍背面。放好后不要动，机器会自动拍照。</source>
        <translation>Lay the card flat, front side first, then turn it over. Hold still: the picture is taken automatically.</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="36"/>
        <source>把材料放在拍摄区，放好后不要动，机器会自动拍照。</source>
        <translation>Place the item in the camera area and hold still: the picture is taken automatically.</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="110"/>
        <source>现在拍照</source>
        <translation>Take picture now</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="113"/>
        <source>再拍一页</source>
        <translation>Another page</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="116"/>
        <source>重拍上一页</source>
        <translation>Retake last page</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="124"/>
        <source>我以后再带来</source>
        <translation>I&apos;ll bring it later</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="126"/>
        <source>这份材料拍好了</source>
        <translation>This document is done</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="146"/>
        <source>请拍摄：{name}</source>
        <translation>Please photograph: {name}</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="153"/>
        <source>材料 {n}/{total}</source>
        <translation>Document {n}/{total}</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="188"/>
        <source>正在拍照，请不要移动……</source>
        <translation>Taking the picture, please hold still…</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="205"/>
        <source>需要重拍：{why}</source>
        <translation>Please retake: {why}</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="220"/>
        <source>拍好了。马上进入下一份材料；这份还有下一页，请点“再拍一页”。</source>
        <translation>Done. Moving on to the next document; if this one has another page, tap &quot;Another page&quot;.</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="227"/>
        <source>拍好了。请把背面朝上放好，机器会再拍一张。</source>
        <translation>Done. Now turn it over; another picture will be taken.</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="232"/>
        <source>请放上下一页，放好后不要动。</source>
        <translation>Place the next page and hold still.</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="236"/>
        <source>已拍 {n} 页</source>
        <translation>{n} page(s) taken</translation>
    </message>
    <message>
        <location filename="../pages/capture.py" line="248"/>
        <source>上一页已删除，请重新放好材料。</source>
        <translation>The last page was removed. Please place the document again.</translation>
    </message>
</context>
<context>
    <name>CardPage</name>
    <message>
        <location filename="../pages/card.py" line="38"/>
        <source>请把身份证放到读卡区</source>
        <translation>Please place your ID card on the reader</translation>
    </message>
    <message>
        <location filename="../pages/card.py" line="40"/>
        <source>读卡区在屏幕下方，有身份证图案的地方。放好后不要移动，听到提示音再拿走。</source>
        <translation>The reader is below the screen, marked with an ID card. Keep the card still until you hear the tone.</translation>
    </message>
    <message>
        <location filename="../pages/card.py" line="59"/>
        <source>没带身份证，手动填写</source>
        <translation>No ID card? Enter details</translation>
    </message>
    <message>
        <location filename="../pages/card.py" line="63"/>
        <source>再读一次</source>
        <translation>Read again</translation>
    </message>
    <message>
        <location filename="../pages/card.py" line="85"/>
        <source>正在等待身份证……</source>
        <translation>Waiting for the ID card…</translation>
    </message>
    <message>
        <location filename="../pages/card.py" line="86"/>
        <source>请把身份证放到读卡区，放好后不要移动。</source>
        <translation>Please place your ID card on the reader and keep it still.</translation>
    </message>
    <message>
        <location filename="../pages/card.py" line="127"/>
        <location filename="../pages/card.py" line="128"/>
        <source>读卡成功，请拿走身份证。</source>
        <translation>Card read. Please take your ID card.</translation>
    </message>
    <message>
        <location filename="../pages/card.py" line="151"/>
        <source>这张身份证不是这件申请的申请人。请放申请人本人的身份证。</source>
        <translation>This ID card is not the applicant&apos;s. Please place the applicant&apos;s own ID card.</translation>
    </message>
</context>
<context>
    <name>ComplaintPage</name>
    <message>
        <location filename="../pages/complaint.py" line="71"/>
        <source>提交</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../pages/complaint.py" line="103"/>
        <source>您反映的问题会加密送到政务服务平台，由工作人员答复。</source>
        <translation>What you report goes encrypted to the government service platform, and the staff reply.</translation>
    </message>
    <message>
        <location filename="../pages/complaint.py" line="145"/>
        <source>请先选反映的是什么，再选留不留名字。</source>
        <translation>Please choose what it is about, then whether to leave your name.</translation>
    </message>
    <message>
        <location filename="../pages/complaint.py" line="159"/>
        <source>正在提交，请稍等……</source>
        <translation>Sending, please wait...</translation>
    </message>
    <message>
        <location filename="../pages/complaint.py" line="200"/>
        <source>投诉建议 {no}（{about}）</source>
        <translation>Complaint {no} ({about})</translation>
    </message>
    <message>
        <location filename="../pages/complaint.py" line="210"/>
        <source>答复（{when}）：{reply}</source>
        <translation>Reply ({when}): {reply}</translation>
    </message>
    <message>
        <location filename="../pages/complaint.py" line="218"/>
        <source>已送到政务服务平台，还没有答复。</source>
        <translation>Delivered to the platform; no reply yet.</translation>
    </message>
    <message>
        <location filename="../pages/complaint.py" line="220"/>
        <source>已在本机保存，联网后送到政务服务平台。</source>
        <translation>Saved on this terminal; it goes to the platform when the network is back.</translation>
    </message>
</context>
<context>
    <name>ConsentReasons</name>
    <message>
        <location filename="../pages/agent_consent.py" line="29"/>
        <source>身份证损坏，读不出</source>
        <translation>The ID card is damaged and cannot be read</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="30"/>
        <source>读卡器故障</source>
        <translation>The card reader is broken</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="31"/>
        <source>持临时身份证</source>
        <translation>Temporary ID card</translation>
    </message>
    <message>
        <location filename="../pages/agent_consent.py" line="32"/>
        <source>身份证遗失或正在补办</source>
        <translation>ID card lost or being replaced</translation>
    </message>
</context>
<context>
    <name>ConsultPage</name>
    <message>
        <location filename="../pages/consult.py" line="74"/>
        <source>点一个最接近的就行。</source>
        <translation>Tap the one that fits best.</translation>
    </message>
    <message>
        <location filename="../pages/consult.py" line="76"/>
        <source>第 {n} 问，共 {m} 问</source>
        <translation>Question {n} of {m}</translation>
    </message>
    <message>
        <location filename="../pages/consult.py" line="104"/>
        <source>这些建议只根据本机的事项目录，不联网也能用。</source>
        <translation>These suggestions come from this terminal&apos;s own list of services and work without the network.</translation>
    </message>
</context>
<context>
    <name>DeliveryPage</name>
    <message>
        <location filename="../pages/delivery.py" line="83"/>
        <location filename="../pages/delivery.py" line="162"/>
        <source>这样选，办这件事不用再跑。</source>
        <translation>With this choice you need not come again.</translation>
    </message>
    <message>
        <location filename="../pages/delivery.py" line="85"/>
        <location filename="../pages/delivery.py" line="164"/>
        <source>这样选，还要跑 {n} 次。</source>
        <translation>With this choice you come {n} more time(s).</translation>
    </message>
    <message>
        <location filename="../pages/delivery.py" line="110"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>DemoCardPanel</name>
    <message>
        <location filename="../widgets/demo_panel.py" line="21"/>
        <source>老人的卡</source>
        <translation>An elder&apos;s card</translation>
    </message>
    <message>
        <location filename="../widgets/demo_panel.py" line="22"/>
        <source>农民的卡</source>
        <translation>A farmer&apos;s card</translation>
    </message>
    <message>
        <location filename="../widgets/demo_panel.py" line="23"/>
        <source>年轻妈妈的卡</source>
        <translation>A young mother&apos;s card</translation>
    </message>
    <message>
        <location filename="../widgets/demo_panel.py" line="24"/>
        <source>过期的卡</source>
        <translation>An expired card</translation>
    </message>
    <message>
        <location filename="../widgets/demo_panel.py" line="25"/>
        <source>读不出的卡</source>
        <translation>A card that cannot be read</translation>
    </message>
    <message>
        <location filename="../widgets/demo_panel.py" line="46"/>
        <source>演示：点一张样例身份证，把它放到读卡区。</source>
        <translation>Demo: tap a sample ID card to put it on the card reader.</translation>
    </message>
</context>
<context>
    <name>DigitPad</name>
    <message>
        <location filename="../widgets/keypad.py" line="25"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="26"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../widgets/fields.py" line="31"/>
        <source>例如 1960-03-08</source>
        <translation>e.g. 1960-03-08</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="32"/>
        <source>11位手机号码</source>
        <translation>11-digit mobile number</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="33"/>
        <source>18位身份证号码</source>
        <translation>18-character ID number</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="34"/>
        <source>照着存折或银行卡填写</source>
        <translation>as on your bank book or card</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="67"/>
        <source>（可不填）</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="80"/>
        <source>{label}：{v}（从身份证读取）</source>
        <translation>{label}: {v} (read from the ID card)</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="123"/>
        <source>点这里，用屏幕键盘输入（可用拼音）</source>
        <translation>Tap here to type on the screen keyboard (pinyin available)</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="147"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="148"/>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>FindPage</name>
    <message>
        <location filename="../pages/find.py" line="37"/>
        <location filename="../pages/find.py" line="157"/>
        <source>请选择要办理的事项</source>
        <translation>Choose a service to apply for</translation>
    </message>
    <message>
        <location filename="../pages/find.py" line="39"/>
        <source>可以按生活中的事情找，按部门找，或者输入名称、拼音首字母（例如 dbsq）搜索。</source>
        <translation>Find it by life event, by department, or search by name or pinyin initials (e.g. dbsq).</translation>
    </message>
    <message>
        <location filename="../pages/find.py" line="47"/>
        <source>常办事项</source>
        <translation>Common services</translation>
    </message>
    <message>
        <location filename="../pages/find.py" line="48"/>
        <source>按生活事件</source>
        <translation>By life event</translation>
    </message>
    <message>
        <location filename="../pages/find.py" line="49"/>
        <source>按部门</source>
        <translation>By department</translation>
    </message>
    <message>
        <location filename="../pages/find.py" line="50"/>
        <source>搜索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../pages/find.py" line="78"/>
        <source>输入事项名称或拼音首字母</source>
        <translation>Service name or pinyin initials</translation>
    </message>
    <message>
        <location filename="../pages/find.py" line="159"/>
        <source>请选择要查看的办事指南</source>
        <translation>Choose a service guide</translation>
    </message>
    <message>
        <location filename="../pages/find.py" line="86"/>
        <source>没有找到？回答几个问题，帮您找要办的事</source>
        <translation>Nothing found? Answer a few questions to find your service</translation>
    </message>
</context>
<context>
    <name>FormPage</name>
    <message>
        <location filename="../pages/form.py" line="56"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../pages/form.py" line="79"/>
        <source>第 {n} 步，共 {m} 步</source>
        <translation>Step {n} of {m}</translation>
    </message>
    <message>
        <location filename="../pages/form.py" line="213"/>
        <source>{label}（第{n}项）</source>
        <translation>{label} (no. {n})</translation>
    </message>
    <message>
        <location filename="../pages/form.py" line="220"/>
        <source>删除这一项</source>
        <translation>Remove this entry</translation>
    </message>
    <message>
        <location filename="../pages/form.py" line="224"/>
        <source>添加一项</source>
        <translation>Add an entry</translation>
    </message>
</context>
<context>
    <name>GuidePage</name>
    <message>
        <location filename="../pages/guide.py" line="21"/>
        <source>原件{n}份</source>
        <translation>{n} original(s)</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="22"/>
        <source>复印件{n}份</source>
        <translation>{n} copy(ies)</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="23"/>
        <source>原件和复印件各{n}份</source>
        <translation>{n} original(s) and copy(ies)</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="31"/>
        <source>可用电子证照，不用带</source>
        <translation>electronic licence, no need to bring</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="69"/>
        <source>打印一次性告知单</source>
        <translation>Print the checklist</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="81"/>
        <source>立即办理</source>
        <translation>Apply now</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="108"/>
        <source>不收费</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="113"/>
        <source>谁可以申请</source>
        <translation>Who may apply</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="114"/>
        <source>办理条件</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="115"/>
        <source>需要的材料</source>
        <translation>Documents required</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="116"/>
        <source>收费</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="118"/>
        <source>办理时间</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="120"/>
        <source>承诺时限：{x}</source>
        <translation>Promised: {x}</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="123"/>
        <source>法定时限：{x}</source>
        <translation>Legal limit: {x}</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="124"/>
        <source>最多跑{n}次</source>
        <translation>At most {n} visit(s)</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="128"/>
        <source>办理流程</source>
        <translation>Process</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="131"/>
        <source>咨询电话</source>
        <translation>Enquiries</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="174"/>
        <source>正在打印一次性告知单……</source>
        <translation>Printing the checklist…</translation>
    </message>
    <message>
        <location filename="../pages/appointment.py" line="193"/>
        <location filename="../pages/guide.py" line="181"/>
        <source>已送去打印，请在出纸口取走告知单。</source>
        <translation>Sent to the printer. Please take the notice from the slot.</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="42"/>
        <source>问：{q}
答：{a}</source>
        <translation>Q: {q}
A: {a}</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="73"/>
        <source>预约到大厅办理</source>
        <translation>Book a time at the hall</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="77"/>
        <source>A4纸打印告知单和申请表</source>
        <translation>Print the notice and the form on A4</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="135"/>
        <source>办好以后</source>
        <translation>When it is done</translation>
    </message>
    <message>
        <location filename="../pages/guide.py" line="137"/>
        <source>常见问题</source>
        <translation>Common questions</translation>
    </message>
</context>
<context>
    <name>Header</name>
    <message>
        <location filename="../widgets/header.py" line="22"/>
        <source>正常</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="23"/>
        <source>缺纸</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="24"/>
        <source>纸快用完</source>
        <translation>paper low</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="25"/>
        <source>盖子没关好</source>
        <translation>cover open</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="26"/>
        <source>未连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="27"/>
        <source>没有响应</source>
        <translation>not responding</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="28"/>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="35"/>
        <source>星期一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="36"/>
        <source>星期二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="37"/>
        <source>星期三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="38"/>
        <source>星期四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="39"/>
        <source>星期五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="40"/>
        <source>星期六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="41"/>
        <source>星期日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="88"/>
        <source>切换语言</source>
        <translation>Switch language</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="96"/>
        <location filename="../widgets/header.py" line="115"/>
        <location filename="../widgets/header.py" line="156"/>
        <source>大字模式</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="105"/>
        <source>网络：正在连接……</source>
        <translation>Network: connecting...</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="106"/>
        <source>打印机：正在检查……</source>
        <translation>Printer: checking...</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="113"/>
        <location filename="../widgets/header.py" line="154"/>
        <source>标准字号</source>
        <translation>Normal text</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="122"/>
        <source>{y}年{m}月{d}日 {w} {hm}</source>
        <translation>{w} {y}-{m}-{d} {hm}</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="135"/>
        <source>网络：已连接</source>
        <translation>Network: online</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="137"/>
        <source>网络：未连接</source>
        <translation>Network: offline</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="139"/>
        <source>（{n}件待上传）</source>
        <translation> ({n} waiting to upload)</translation>
    </message>
    <message>
        <location filename="../widgets/header.py" line="147"/>
        <source>打印机：{s}</source>
        <translation>Printer: {s}</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../pages/home.py" line="28"/>
        <source>您好！请选择要办理的事情</source>
        <translation>Hello! What would you like to do?</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="30"/>
        <source>点屏幕任何地方开始办理。带上身份证，按提示一步一步操作就可以。</source>
        <translation>Tap anywhere to start. Have your ID card ready and follow the steps.</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="37"/>
        <source>办理业务</source>
        <translation>Apply for a service</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="38"/>
        <source>查询进度</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="39"/>
        <source>办事指南</source>
        <translation>Service guides</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="40"/>
        <source>评价服务</source>
        <translation>Rate a service</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="41"/>
        <source>代办员登录</source>
        <translation>Agent login</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="76"/>
        <source>本机使用的是样例事项目录，仅供演示。</source>
        <translation>This kiosk uses a sample catalogue, for demonstration only.</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="79"/>
        <source>演示模式：身份证、摄像头、打印机均为模拟设备。</source>
        <translation>Demo mode: card reader, camera and printer are simulated.</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="64"/>
        <source>不知道办什么？问一问</source>
        <translation>Not sure what you need? Ask</translation>
    </message>
    <message>
        <location filename="../pages/home.py" line="65"/>
        <source>投诉建议 · 12345</source>
        <translation>Complaints and suggestions · 12345</translation>
    </message>
</context>
<context>
    <name>Idle</name>
    <message>
        <location filename="../idle.py" line="96"/>
        <source>还在吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <location filename="../idle.py" line="101"/>
        <source>结束办理</source>
        <translation>End session</translation>
    </message>
    <message>
        <location filename="../idle.py" line="102"/>
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../idle.py" line="133"/>
        <source>{n} 秒后将结束办理，并清除您在本机填写的所有信息。</source>
        <translation>In {n} seconds this session ends and everything you entered is erased.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../window.py" line="92"/>
        <source>政务服务自助终端</source>
        <translation>Government service kiosk</translation>
    </message>
</context>
<context>
    <name>ManualPage</name>
    <message>
        <location filename="../pages/manual.py" line="47"/>
        <source>手动填写身份信息</source>
        <translation>Enter your identity by hand</translation>
    </message>
    <message>
        <location filename="../pages/manual.py" line="49"/>
        <source>请照着身份证填写。提交时工作人员会再核对一次。</source>
        <translation>Copy the details from the ID card. Staff will check them again.</translation>
    </message>
    <message>
        <location filename="../pages/manual.py" line="56"/>
        <source>姓名（可用拼音输入）</source>
        <translation>Name (pinyin input available)</translation>
    </message>
    <message>
        <location filename="../pages/manual.py" line="58"/>
        <source>身份证号码，18位</source>
        <translation>ID number, 18 characters</translation>
    </message>
    <message>
        <location filename="../pages/manual.py" line="64"/>
        <location filename="../pages/manual.py" line="68"/>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../pages/manual.py" line="66"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../pages/manual.py" line="67"/>
        <source>身份证号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../pages/manual.py" line="84"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../pages/manual.py" line="108"/>
        <source>请填写姓名。</source>
        <translation>Please enter the name.</translation>
    </message>
</context>
<context>
    <name>NumberTiles</name>
    <message>
        <location filename="../widgets/tiles.py" line="56"/>
        <source>减一</source>
        <translation>One less</translation>
    </message>
    <message>
        <location filename="../widgets/tiles.py" line="59"/>
        <source>加一</source>
        <translation>One more</translation>
    </message>
    <message>
        <location filename="../widgets/tiles.py" line="85"/>
        <source>已选：{n}{unit}</source>
        <translation>Chosen: {n} {unit}</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../pages/base.py" line="45"/>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../pages/base.py" line="46"/>
        <source>回到上一步（Esc）</source>
        <translation>Back to the previous step (Esc)</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../pages/progress.py" line="53"/>
        <source>放身份证查询</source>
        <translation>Check with ID card</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="55"/>
        <source>扫回执上的二维码</source>
        <translation>Scan the receipt QR code</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="76"/>
        <source>打印进度单</source>
        <translation>Print progress slip</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="91"/>
        <source>查询办理进度</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="97"/>
        <location filename="../pages/progress.py" line="145"/>
        <source>正在查询，请稍等……</source>
        <translation>Searching, please wait…</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="104"/>
        <source>请选择查询方式。</source>
        <translation>How would you like to check?</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="117"/>
        <source>把回执上的二维码对准摄像头，离开一拃远。</source>
        <translation>Hold the QR code on your receipt to the camera, a hand-span away.</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="119"/>
        <source>正在找二维码……</source>
        <translation>Looking for the QR code…</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="178"/>
        <source>受理编号：{no}&#x3000;申请人：{name}</source>
        <translation>Receipt no.: {no}   Applicant: {name}</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="185"/>
        <source>现在的状态：{s}</source>
        <translation>Status now: {s}</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="204"/>
        <source>补正材料</source>
        <translation>Supplement materials</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="218"/>
        <source>共 {n} 件</source>
        <translation>{n} application(s)</translation>
    </message>
    <message>
        <location filename="../pages/progress.py" line="231"/>
        <source>进度单已送去打印，请在出纸口取走。</source>
        <translation>The progress slip is printing. Please take it from the slot.</translation>
    </message>
</context>
<context>
    <name>RatingPage</name>
    <message>
        <location filename="../pages/rating.py" line="31"/>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="32"/>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="33"/>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="34"/>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="35"/>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="39"/>
        <source>办事指南说得不清楚</source>
        <translation>The guide was unclear</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="40"/>
        <source>要跑的次数太多</source>
        <translation>Too many visits needed</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="41"/>
        <source>办理时间太长</source>
        <translation>It took too long</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="42"/>
        <source>工作人员态度不好</source>
        <translation>Staff were unfriendly</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="43"/>
        <source>机器不好用</source>
        <translation>The kiosk was hard to use</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="44"/>
        <source>要交的材料太多</source>
        <translation>Too many documents required</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="45"/>
        <source>收费不合理</source>
        <translation>Unfair fees</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="46"/>
        <source>其他问题</source>
        <translation>Other problem</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="56"/>
        <source>请为这次服务打个分</source>
        <translation>Please rate this service</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="57"/>
        <source>您的评价只用于改进服务，不会给别人。</source>
        <translation>Your rating is only used to improve the service and is not shared.</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="79"/>
        <source>哪里让您不满意？可以选几项：</source>
        <translation>What went wrong? Choose one or more:</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="91"/>
        <source>想说的话（可不填，可用拼音输入）</source>
        <translation>Comments (optional, pinyin input available)</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="104"/>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="147"/>
        <source>请选一下不满意的原因，方便我们改进。</source>
        <translation>Please choose a reason so we can improve.</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="165"/>
        <location filename="../pages/rating.py" line="166"/>
        <source>谢谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../pages/rating.py" line="102"/>
        <source>投诉建议</source>
        <translation>Complaint or suggestion</translation>
    </message>
</context>
<context>
    <name>ReceiptPage</name>
    <message>
        <location filename="../pages/receipt.py" line="49"/>
        <location filename="../pages/receipt.py" line="85"/>
        <source>申请已提交</source>
        <translation>Application submitted</translation>
    </message>
    <message>
        <location filename="../pages/receipt.py" line="68"/>
        <source>办完了，退出</source>
        <translation>Done, exit</translation>
    </message>
    <message>
        <location filename="../pages/receipt.py" line="70"/>
        <source>评价本次服务</source>
        <translation>Rate this service</translation>
    </message>
    <message>
        <location filename="../pages/receipt.py" line="83"/>
        <source>补正材料已提交</source>
        <translation>Supplement submitted</translation>
    </message>
    <message>
        <location filename="../pages/receipt.py" line="88"/>
        <source>受理编号：{no}</source>
        <translation>Receipt no.: {no}</translation>
    </message>
    <message>
        <location filename="../pages/receipt.py" line="94"/>
        <source>还要补交的材料：{list}。请在回执上写的日期前带来。</source>
        <translation>Still to bring: {list}. Please bring them by the date on your receipt.</translation>
    </message>
    <message>
        <location filename="../pages/receipt.py" line="98"/>
        <source>这是受理编号 {no} 的补正材料。</source>
        <translation>This is a supplement to application {no}.</translation>
    </message>
    <message>
        <location filename="../pages/receipt.py" line="105"/>
        <source>申请已提交，请取走回执。</source>
        <translation>Your application is submitted. Please take your receipt.</translation>
    </message>
    <message>
        <location filename="../pages/receipt.py" line="123"/>
        <source>回执正在打印，请在出纸口取走。回执上有查询进度用的二维码。</source>
        <translation>Your receipt is printing. Please take it from the slot; its QR code lets you check progress.</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../pages/review.py" line="26"/>
        <source>请核对，没问题就签名提交</source>
        <translation>Please check, then sign and submit</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="27"/>
        <source>要改哪一项，点“返回”回去改。</source>
        <translation>To change something, tap &quot;Back&quot;.</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="33"/>
        <source>我确认以上信息真实，同意提交。请用手指在下面框里签名：</source>
        <translation>I confirm the above is true and agree to submit. Please sign in the box below:</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="41"/>
        <source>擦掉重签</source>
        <translation>Clear and sign again</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="48"/>
        <source>确认并提交</source>
        <translation>Confirm and submit</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="82"/>
        <source>这是受理编号 {no} 的补正材料</source>
        <translation>Supplement to application {no}</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="88"/>
        <source>申请人：{name}&#x3000;身份证号：{id}</source>
        <translation>Applicant: {name}   ID number: {id}</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="121"/>
        <source>填写的内容</source>
        <translation>Your answers</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="126"/>
        <source>{label}：{n}项</source>
        <translation>{label}: {n}</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="100"/>
        <source>材料</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="103"/>
        <source>使用电子证照</source>
        <translation>Electronic licence used</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="107"/>
        <source>已拍 {n} 页</source>
        <translation>{n} page(s) taken</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="134"/>
        <source>（未填）</source>
        <translation>(not filled in)</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="150"/>
        <source>请先在框里签名。</source>
        <translation>Please sign in the box first.</translation>
    </message>
    <message>
        <location filename="../pages/review.py" line="146"/>
        <location filename="../pages/review.py" line="154"/>
        <source>正在保存您的申请，请稍等……</source>
        <translation>Saving your application, please wait…</translation>
    </message>
    <message>
        <location filename="../pages/delivery.py" line="45"/>
        <source>办好以后，结果怎么给您</source>
        <translation>When it is done, how should the result reach you?</translation>
    </message>
</context>
</TS>
