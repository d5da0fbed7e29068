"""What the terminal says to agents (代办员): login, lockout, accounts, drafts, consent (kiosk/agents.py,
kiosk/drafts.py, kiosk/consent.py)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "agent.error": "代办员登录出了问题，请稍后再试。",
    "agent.unknown": "没有这个代办员编号，请核对后重新输入。",
    "agent.none": "本机还没有代办员账号：请等本机与政务服务平台同步后再登录，或请管理员添加。",
    "agent.wrong_pin": "密码不对，请重新输入。",
    "agent.locked": "密码错误次数太多，账号已暂时锁定，请稍后再试。",
    "agent.disabled": "这个代办员账号已停用，不能登录。如有疑问请联系乡镇管理员。",
    "agent.invalid": "代办员编号、姓名或密码不符合要求。",
    "agent.logged_out_disabled": "您的代办员账号已在平台停用，已退出登录。",
    "agent.idle_logout": "长时间没有操作，已退出登录；正在办理的申请已存为草稿。",
    "store.agent_exists": "本机已有这个代办员编号。",
    "draft.error": "草稿打不开。",
    "draft.missing": "这份草稿已不在本机（可能已过期清除）。",
    "draft.damaged": "这份草稿已损坏或不是您的，打不开。可以删除它，其他申请不受影响。",
    "consent.not_printed": "授权书没有打印出来（打印机缺纸或未连接）。申请已存为草稿，处理好打印机后再继续。",
    "consent.reason_needed": "村民没有放身份证：请先选择读不了身份证的原因。",
}
