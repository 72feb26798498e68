"""Generic texts by HTTP status: the Chinese words for a refusal that has no message of its own
(an OGC query parameter, a route that does not exist), and the server faults."""

MESSAGES = {
    "http.400": ("The request is not valid.", "请求无效。"),
    "http.401": ("Sign in first.", "请先登录。"),
    "http.403": ("You may not do this.", "您没有权限执行此操作。"),
    "http.404": ("Not found.", "没有找到所要的资料。"),
    "http.405": ("This method is not allowed here.", "此处不允许这种操作。"),
    "http.406": ("The requested format is not available.", "没有所要求的格式。"),
    "http.409": ("The request conflicts with the data as they are.", "请求与现有数据冲突。"),
    "http.412": ("The record has changed since you read it.", "该记录在您读取之后已被修改。"),
    "http.413": ("The request is too large.", "请求内容过大。"),
    "http.414": ("The address is too long.", "网址过长。"),
    "http.415": ("The request's content type is not accepted.", "不接受此种内容类型。"),
    "http.422": ("A value in the request cannot be used.", "请求中有无法使用的值。"),
    "http.429": ("Too many requests; wait and try again.", "请求过多，请稍后再试。"),
    "http.431": ("The request's headers are too large.", "请求头过大。"),
    "http.500": ("The server failed; try again later.", "服务器出错，请稍后再试。"),
    "http.503": ("The service is unavailable; try again later.", "服务暂时不可用，请稍后再试。"),
    "http.error": ("The request failed.", "请求失败。"),
    "http.text": ("{detail}", "{detail}"),
    # -- faults (app/errors.py FAULTS): nobody's bad input --
    "fault.data": (
        "A value in the request cannot be used (out of range, wrong type or a bad character).",
        "请求中有无法使用的值（超出范围、类型不对或含有不允许的字符）。",
    ),
    "fault.slow": (
        "The query took too long and was cancelled; narrow it.",
        "查询耗时过长，已取消；请缩小查询范围。",
    ),
    "fault.busy": (
        "The database was busy with a conflicting change; try again.",
        "数据库正忙于一项冲突的修改，请重试。",
    ),
    "fault.database": (
        "The database cannot be reached; try again later.",
        "暂时无法连接数据库，请稍后再试。",
    ),
    "fault.unexpected": (
        "An unexpected error occurred; quote request id {request_id} when reporting it.",
        "发生意外错误；报告问题时请提供请求编号“{request_id}”。",
    ),
}
