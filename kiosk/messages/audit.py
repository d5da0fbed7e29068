"""What ``kiosk audit verify`` and the terminal say about the audit log (offline_cache/audit.py,
audit_chain.py, audit_sync.py). ``{seq}`` is the entry where the problem shows."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "audit.ok": "审计日志完好：共 {n} 条，终端签名至第 {signed} 条，平台副签至第 {countersigned} 条。"
    "(audit log intact: {n} entries, signed up to {signed}, countersigned up to {countersigned})",
    "audit.no_device_key": "本机没有审计签名密钥，签名未检查。(no device key here: signatures not checked)",
    "audit.entry_changed": "审计日志第 {seq} 条被改动过。(entry {seq} was changed)",
    "audit.entry_missing": "审计日志第 {seq} 条缺失。(entry {seq} is missing)",
    "audit.entry_out_of_order": "审计日志第 {seq} 条顺序错乱。(entry {seq} is out of order)",
    "audit.chain_broken": "审计日志第 {seq} 条接不上前一条，前一条被改动或替换过。"
    "(entry {seq} does not link to the one before)",
    "audit.truncated": "审计日志被截短：日志头已签到第 {seq} 条，日志没有这么长。"
    "(the log was cut below the head signed at {seq})",
    "audit.head_mismatch": "审计日志第 {seq} 条与已签名的日志头不符。(entry {seq} differs from the signed head)",
    "audit.bad_signature": "审计日志第 {seq} 条处的终端签名无效。(the device signature of head {seq} is invalid)",
    "audit.bad_countersignature": "审计日志第 {seq} 条处的平台副签无效。"
    "(the platform countersignature of head {seq} is invalid)",
    "audit.error": "审计日志出现问题，请联系管理员。",
    "audit.entry_refused": "这条操作记录不能写入审计日志，请联系管理员。",
    "audit.key_unavailable": "本机的审计签名密钥无法读取，请联系管理员。",
    "sync.audit_refused": "政务服务平台不接收本机的审计日志，请联系管理员核查。",
}
