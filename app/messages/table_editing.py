"""Accounts, writes through OGC API – Features Part 4 (the feature, its fields, its geometry,
the record's rules) and the history."""

MESSAGES = {
    # -- accounts (app/auth, app/api/auth.py) --
    "auth.token_invalid": (
        "The token is not valid: it has expired or was revoked. Sign in again.",
        "登录凭证无效：已过期或已被撤销，请重新登录。",
    ),
    "auth.sign_in_first": (
        "Sign in first: this needs an account with a role.",
        "请先登录：此操作需要有角色的账号。",
    ),
    "auth.role_needed": (
        "This needs the “{role}” role; “{user}” has “{has}”.",
        "此操作需要“{role}”角色；“{user}”的角色是“{has}”。",
    ),
    "auth.bad_login": (
        "Wrong user name or password, or the account is disabled.",
        "用户名或密码错误，或账号已停用。",
    ),
    "auth.rate_limited": (
        "Too many failed sign-ins; wait and try again.",
        "登录失败次数过多，请稍后再试。",
    ),
    "auth.logout_invalid": ("The token is not valid.", "登录凭证无效。"),
    # -- the request (app/ogc/transactions.py) --
    "write.read_only": ("Collection “{layer}” is read-only.", "图层“{layer}”是只读的。"),
    "write.media_type": (
        "Send the feature as {allowed}, not “{given}”.",
        "请以 GeoJSON 格式发送要素，而不是“{given}”。",
    ),
    "write.too_large": (
        "A feature may have at most {max} bytes.",
        "一个要素最多 {max} 字节。",
    ),
    "write.bad_json": ("The body is not valid JSON: {error}.", "请求内容不是有效的 JSON。"),
    # -- the record (app/domain/editing/records.py) --
    "write.stale": (
        "The record has changed since you read it (If-Match does not match its ETag); "
        "read it again and reapply your change.",
        "该记录在您读取之后已被他人修改，请重新读取后再修改。",
    ),
    "write.duplicate": (
        "Another record has the same {field}.",
        "已有另一条记录的“{field}”与此相同。",
    ),
    "write.breaks_constraint": (
        "The record breaks the rule {rule}: {detail}",
        "记录违反了数据库规则“{rule}”。",
    ),
    "write.bad_reference": (
        "{field} refers to a record that does not exist.",
        "“{field}”指向的记录不存在。",
    ),
    "write.exists": ("{layer} already has a record “{id}”.", "图层“{layer}”已有记录“{id}”。"),
    "write.id_mismatch": (
        "The body's id “{body}” is not the URL's “{url}”.",
        "请求内容中的编号“{body}”与网址中的编号“{url}”不一致。",
    ),
    "write.no_feature": ("{layer} has no feature “{id}”.", "图层“{layer}”中没有“{id}”。"),
    "write.restore_absent": (
        "“{id}” does not exist, as in that version.",
        "“{id}”现在不存在，在该版本中也不存在，无需恢复。",
    ),
    "write.bad_id": (
        "The id “{id}” must match {pattern} (lower-case letters, digits, -).",
        "编号“{id}”只能由小写字母、数字和连字符组成。",
    ),
    "write.unknown_district": (
        "{field} “{value}” is not one of the eight districts of Western Chongqing (500116 "
        "Jiangjin, 500117 Hechuan, 500118 Yongchuan, 500111 Dazu, 500120 Bishan, 500151 "
        "Tongliang, 500152 Tongnan, 500153 Rongchang).",
        "“{field}”的值“{value}”不是渝西八区之一（500116 江津、500117 合川、500118 永川、"
        "500111 大足、500120 璧山、500151 铜梁、500152 潼南、500153 荣昌）。",
    ),
    "write.not_other_record": (
        "{field} “{value}” is not another record of this layer.",
        "“{field}”的值“{value}”不是本图层的另一条记录。",
    ),
    "write.outside": (
        "{n} position(s) of the geometry lie outside Western Chongqing (more than {tol} m from "
        "the eight districts); check its CRS and axis order.{hint}",
        "几何有 {n} 个点位于渝西八区之外（距八区超过 {tol} 米），请检查坐标系和经纬度顺序。{hint}",
    ),
    "write.swapped_hint": (
        " The positions look like (lat, lon): GeoJSON is (lon, lat).",
        "这些坐标看起来是（纬度，经度）顺序，而应为（经度，纬度）。",
    ),
    "write.not_in_district": (
        "The geometry does not lie in district {district} (within {tol} m).",
        "几何不在所填区县 {district} 内（容差 {tol} 米）。",
    ),
    "write.geometry_unreadable": ("The geometry cannot be read: {error}", "无法读取该几何。"),
    "write.geometry_invalid": (
        "The geometry is not valid ({reason}); e.g. a ring crosses itself. "
        "Repair it and send it again.",
        "几何无效（例如边界自相交），请修复后重新提交。",
    ),
    # -- the feature and its fields (app/domain/editing/parse.py) --
    "feature.not_object": (
        "The body must be a GeoJSON Feature (a JSON object).",
        "请求内容必须是 GeoJSON 要素（JSON 对象）。",
    ),
    "feature.not_feature": (
        'The body must be a GeoJSON Feature ("type": "Feature").',
        "请求内容必须是 GeoJSON 要素。",
    ),
    "feature.properties": ("properties must be a JSON object.", "要素的属性必须是 JSON 对象。"),
    "feature.bad_id": ("The feature id must be a non-empty string.", "要素编号必须是非空文本。"),
    "feature.unknown_property": (
        "Unknown property “{name}”; this layer takes: {known}.",
        "未知属性“{name}”；本图层的属性有：{known}。",
    ),
    "feature.required": ("{field} is required.", "“{field}”为必填项。"),
    "feature.needs_geometry": (
        "A Feature needs a geometry member (null for none).",
        "要素必须包含几何（没有位置时写空值）。",
    ),
    "field.text": (
        "{field} must be text, not “{value}”.",
        "“{field}”必须是文本，而不是“{value}”。",
    ),
    "field.too_long": (
        "{field} is longer than {max} characters.",
        "“{field}”超过了 {max} 个字符。",
    ),
    "field.allowed": (
        "{field} must be one of {allowed}; not “{value}”.",
        "“{field}”必须是以下之一：{allowed}；而不是“{value}”。",
    ),
    "field.number": (
        "{field} must be a number, not “{value}”.",
        "“{field}”必须是数字，而不是“{value}”。",
    ),
    "field.finite": ("{field} must be a finite number.", "“{field}”必须是有限的数字。"),
    "field.whole": (
        "{field} must be a whole number, not “{value}”.",
        "“{field}”必须是整数，而不是“{value}”。",
    ),
    "field.greater": ("{field} must be greater than {min}.", "“{field}”必须大于 {min}。"),
    "field.boolean": (
        "{field} must be true or false, not “{value}”.",
        "“{field}”必须是“是”或“否”，而不是“{value}”。",
    ),
    "field.list": ("{field} must be a list of texts.", "“{field}”必须是文本列表。"),
    # -- the geometry --
    "geometry.required": (
        "Every record of this layer has a geometry: it can be moved, not removed.",
        "本图层的每条记录都有位置：可以移动，不能删除。",
    ),
    "geometry.none": ("This layer has no geometry.", "本图层没有几何。"),
    "geometry.type": (
        "The geometry must be one of {allowed}, not “{kind}”.",
        "几何类型必须是{allowed}之一，而不是“{kind}”。",
    ),
    "geometry.multi_empty": (
        "A MultiPolygon needs at least one polygon.",
        "多面几何至少需要一个面。",
    ),
    "geometry.position": (
        "A position must be [lon, lat], not “{value}”.",
        "坐标必须写成［经度，纬度］，而不是“{value}”。",
    ),
    "geometry.malformed": ("The geometry's coordinates are malformed.", "几何的坐标格式有误。"),
    "geometry.ring": (
        "Each polygon ring needs at least 4 positions and must end where it starts.",
        "面的每个环至少需要 4 个点，并且首尾相同。",
    ),
    # -- the history (app/api/history.py) --
    "history.no_change": ("There is no change {id}.", "没有编号为 {id} 的修改记录。"),
    "history.not_restorable": (
        "Changes to “{entity}” cannot be restored here.",
        "“{entity}”的修改不能在此恢复。",
    ),
}
