"""English for strings added while integrating the parts (see locale/fill.py)."""

EN = {
    "进入整改页面": "Open the rectification page",
    "动态验证码（已绑定身份验证器或角色要求时必填）": "One-time code (required once an authenticator is bound or the role requires it)",
    "请输入正确的动态验证码。": "Please enter a valid one-time code.",
    "接口令牌，放在请求头 Authorization: Token <token>": "API token; send it as the header Authorization: Token <token>",
    "动态验证码": "One-time code",
    "请输入6位数字验证码。": "Please enter the 6-digit code.",
    "验证码不正确或已过期，请重新输入。": "The code is wrong or has expired; please try again.",
    "已启用动态验证码登录。": "Sign-in with one-time codes is now on.",
    "启用动态验证码": "Turn on one-time codes",
    "您的账户须使用动态验证码登录。请用手机身份验证器扫描下方二维码（或手工输入密钥），再输入显示的6位数字完成绑定。": "Your account must sign in with a one-time code. Scan the QR code below with an authenticator app on your phone (or type the key), then enter the 6-digit code it shows.",
    "密钥": "Key",
    "绑定并登录": "Bind and sign in",
    "请打开手机上的身份验证器，输入显示的6位数字。": "Open the authenticator app on your phone and enter the 6-digit code it shows.",
    "验证": "Verify",
    "有问题的单位": "Units with issues",
    "分类统计分项": "Breakdown by category",
    "下载移交函": "Download the transfer letter",
}
