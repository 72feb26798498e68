"""Keywords that tie a park's free-text industries (e.g. “汽摩零配件”, “电子信息”) to a cluster
of section 三 or to an industry outside the clusters (keys are cluster or industry ids).
Editorial; a keyword that fits several groups is listed under each."""

PARK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "icv-parts": ("汽车", "汽摩", "新能源汽车", "智能网联", "动力电池", "锂电", "车身"),
    "icv-niche-vehicles": ("汽车", "专用车", "商用车", "改装车"),
    "motorcycles": ("摩托车", "汽摩", "电动自行车", "电动车"),
    "electronics": ("电子", "智能终端", "元器件", "光电", "信创", "显示", "智能家居", "PCB"),
    "smart-equipment": ("装备", "数控机床", "机床", "机械", "智能制造", "机器人", "电梯", "农机"),
    "advanced-materials": ("材料", "铝", "铜", "钢", "再生", "锶", "化工"),
    "food": ("食品", "农产品", "农副产品", "火锅", "肉", "粮油", "酒", "饮料", "预制菜", "冷链"),
    "light-textile": ("纺织", "服装", "鞋", "箱包", "纸", "玻璃", "陶瓷", "工艺", "灯具"),
    "new-energy-storage": ("储能", "光伏", "锂电", "充电桩", "电网", "新能源材料", "电池"),
    "modern-chinese-medicine": ("中药", "医药"),
    "green-apis-and-preparations": ("原料药", "医药", "制剂"),
    "biomedicine": ("医药", "生物", "兽药", "医疗"),
    "chemical-preparations": ("制剂", "医药", "化工"),
    "modern-hardware": ("五金",),
    "green-building-materials": ("建材", "建筑"),
}
