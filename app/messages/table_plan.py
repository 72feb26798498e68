"""Plan edits (app/domain/plan_edits.py): the rules of 渝府〔2023〕13号 cited in each language."""

MESSAGES = {
    "plan.not_district": (
        "“{adcode}” is not one of the eight districts of Western Chongqing.",
        "“{adcode}”不是渝西八区之一。",
    ),
    "plan.unknown_industry": (
        "“{name}” is not an industry of the plan's vocabulary (/api/industries).",
        "“{name}”不在计划的产业名录中（/api/industries）。",
    ),
    "plan.twice": (
        "An industry is named twice for this district.",
        "同一产业在本区出现了两次。",
    ),
    "plan.leading_rule": (
        "At most 2 leading industries per district: 渝府〔2023〕13号 四 (Spatial layout), "
        "“渝西地区每区确立不超过 2 个主导产业” (each district of Western Chongqing sets no "
        "more than 2 leading industries).",
        "每区至多 2 个主导产业：渝府〔2023〕13号 四、空间布局："
        "“渝西地区每区确立不超过 2 个主导产业”。",
    ),
    "plan.specialty_rule": (
        "At most 4 specialty industries per district: 渝府〔2023〕13号 四 (Spatial layout) "
        "says “确立若干特色产业” (several); this map's schema keeps at most 4.",
        "每区至多收录 4 个特色产业：渝府〔2023〕13号 四、空间布局：“确立若干特色产业”；"
        "本图数据库每区至多收录 4 个。",
    ),
    "plan.rule_broken": ("The edit breaks the rule {rule}: {detail}", "此修改违反了规则“{rule}”。"),
    "plan.no_indicator": ("There is no indicator “{code}”.", "没有指标“{code}”。"),
    "plan.empty_version": (
        "That version is empty; nothing to restore.",
        "该版本为空，没有可恢复的内容。",
    ),
}
