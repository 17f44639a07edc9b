"""English for the Chinese source strings; `make messages` writes them into locale/en.

Source strings in code and templates are Chinese (Chinese first). Add the English here when a
new string appears; tests/test_i18n.py fails while any string lacks its English.
"""

EN = {
    "档案": "Profile",
    "用户与机构": "Users and offices",
    "市级": "City",
    "县级": "County",
    "巡察组成员": "Inspector",
    "审核监督": "Supervisor",
    "整改联络员": "Rectification liaison",
    "线索管理员": "Clue officer",
    "系统管理员": "Administrator",
    "领导": "Leader",
    "名称": "Name",
    "层级": "Level",
    "上级机构": "Parent office",
    "路径": "Path",
    "巡察机构": "Inspection office",
    "姓名": "Full name",
    "电话": "Phone",
    "用户": "User",
    "机构": "Office",
    "角色": "Role",
    "角色分配": "Role assignment",
    "简体中文": "Simplified Chinese",
    "English": "English",
    "巡察": "Inspection",
    "整改": "Rectification",
    "工作台": "Workbench",
    "欢迎您，%(name)s。": "Welcome, %(name)s.",
    "我的角色": "My roles",
    "您尚未被分配任何角色，请联系系统管理员。": "You have no roles yet; please ask the system administrator.",
    "巡察工作平台": "Inspection Work Platform",
    "退出": "Sign out",
    "登录": "Sign in",
    "巡察组、巡察办、被巡察单位整改联络员登录": "Sign-in for inspection groups, offices and unit liaisons",
    "用户名或密码不正确，请重新输入。": "Wrong username or password. Please try again.",
    "用户名": "Username",
    "密码": "Password",
}
