"""Every reason and notice of site selection in plain words, one bilingual table keyed by
reason code. `reason(code, **facts)` fills the wording with the facts; the points come from
weights.WEIGHT_TABLE (0 for a caveat). A code with a variant (e.g. `distance.approximate`)
shares the points of its code. To add a reason: one entry here, one in the weight table."""

from __future__ import annotations

from app.domain.rules import LOCATION_WORDS, plan_section_en

REASONS: dict[str, tuple[str, str]] = {
    # plan: section 四 (districts) and 三 (clusters)
    "plan_segment": (
        "{district}把“{segment}”列为主导产业“{industry}”的细分领域（{section}）",
        "{district_en} lists {segment} ({segment_en}) as a focus segment of its leading industry "
        "{industry} ({industry_en}) (plan {section})"),
    "plan_leading": (
        "{district}优先发展“{industry}”（主导产业，{section}）",
        "{district_en} names {industry} ({industry_en}) as a leading industry (plan {section})"),
    "plan_specialty": (
        "{district}特色发展“{industry}”（特色产业，{section}）",
        "{district_en} names {industry} ({industry_en}) as a specialty industry (plan {section})"),
    "plan_cluster": (
        "{district}的{role_zh}“{industry}”属于“{cluster}”产业集群（{section}；集群归属为本项目对"
        "计划三的解读）",
        "{district_en}'s {role_en} {industry} ({industry_en}) belongs to the cluster {cluster_en} "
        "(plan {section}; the industry-cluster link is our reading)"),
    "plan_key_product": (
        "计划{cluster_section}在“{cluster}”集群中列出“{products}”；{district}的{role_zh}"
        "“{industry}”属于该集群（集群归属为本项目解读）",
        "the plan ({cluster_section}) names {products} in the cluster {cluster_en}; "
        "{district_en}'s {role_en} {industry} ({industry_en}) belongs to that cluster (the link is "
        "our reading)"),
    "plan_not_named": (
        "计划未把此产业列为{district}的主导或特色产业（{section}）",
        "the plan does not name this industry for {district_en} (plan {section})"),
    "plan_rule_icnev_parts": (
        "市外新引进智能网联新能源汽车零部件企业原则上在渝西地区布局（{section}）；此处属渝西",
        "ICNEV parts makers from outside Chongqing locate in Western Chongqing in principle "
        "(plan section {section}); this is in Western Chongqing"),
    # the chain view (app.domain.chains.facts): the district's known firms and partners
    "chain_firms": (
        "{district}已有 {n} 家已知企业在“{nodes}”环节：{firms_zh}",
        "{district_en} already hosts {n} known firm(s) on {nodes_en}: {firms_en}"),
    "chain_partners": (
        "{district}有{side_zh}配套企业：{firms_zh}（{nodes}环节）",
        "{side_en} partners in {district_en}: {firms_en} ({nodes_en})"),
    "chain_fills_gap": (
        "补链：{items_zh}在渝西尚无已知投产企业；在此落户可补上",
        "Fills a chain gap (补链): no operating firm on {items_en} is known in Western "
        "Chongqing; a company here would fill it"),
    # the park's own industries
    "park_mentions": ("园区产业写明“{items}”", "the park's industries name {items}"),
    "park_keyword": (
        "园区产业“{item}”与“{group}”相关（关键词“{word}”，编辑关联）",
        "the park's industries ({item}) relate to {group_en} (keyword {word}; editorial link)"),
    "park_no_fit": ("园区所列产业未提及该产业", "the park's stated industries do not mention "
                    "this industry"),
    "park_industries_unknown": ("园区主导产业未见来源", "the park's industries are not known "
                                "from its sources"),
    # area: the kind of area is always named
    "area_available_fits": (
        "{kind_zh}约 {available_mu} 亩，不小于所需 {need_mu} 亩",
        "{kind_en} of about {available_mu} mu, at least the {need_mu} mu needed"),
    "area_extent_fits": (
        "{kind_zh} {stated} km²（约 {stated_mu} 亩）可容纳所需 {need_mu} 亩；可供土地未知",
        "{kind_en} {stated} km² (≈{stated_mu} mu) could hold the {need_mu} mu needed; land "
        "actually available is unknown"),
    "area_uncertain": (
        "{kind_zh} {stated} km²（约 {stated_mu} 亩）可能不足所需 {need_mu} 亩；可供土地未知",
        "{kind_en} {stated} km² (≈{stated_mu} mu) may be below the {need_mu} mu needed; land "
        "actually available is unknown"),
    "area_not_land": (
        "{kind_zh} {stated} km²（约 {stated_mu} 亩）不是园区用地，无法据此确认能否容纳 "
        "{need_mu} 亩",
        "{kind_en} {stated} km² (≈{stated_mu} mu) is not the park's land: it cannot confirm that "
        "{need_mu} mu fits"),
    "area_unknown": (
        "面积未知：无法确认能否容纳 {need_mu} 亩{component_zh}",
        "area unknown: cannot confirm that {need_mu} mu fits{component_en}"),
    "area_too_small": (
        "{kind_zh} {stated} km²（约 {stated_mu} 亩）小于所需 {need_mu} 亩",
        "{kind_en} {stated} km² (≈{stated_mu} mu) is less than the {need_mu} mu needed"),
    "area_available_too_small": (
        "{kind_zh}约 {available_mu} 亩，小于所需 {need_mu} 亩",
        "{kind_en} of about {available_mu} mu is less than the {need_mu} mu needed"),
    # level
    "level_national": ("园区级别：国家级{basis_zh}", "park level: national{basis_en}"),
    "level_bonded": ("园区级别：综合保税区{basis_zh}",
                     "park level: comprehensive bonded zone{basis_en}"),
    "level_municipal": ("园区级别：市级{basis_zh}", "park level: municipal{basis_en}"),
    "level_district": ("园区级别：区级{basis_zh}", "park level: district{basis_en}"),
    "level_unknown": ("园区级别未由来源证实", "park level not confirmed by the sources"),
    "level_not_wanted": (
        "级别为{level_zh}，不在所选级别（{wanted_zh}）内",
        "its level ({level_en}) is not among those asked for ({wanted_en})"),
    # distance
    "distance": ("{what_zh}距{ref_zh} {km} km", "{what_en} {km} km from {ref_en}"),
    # touching (within the boundaries' precision), where "0.0 km" would read oddly
    "distance.adjacent": ("{what_zh}与{ref_zh}相邻", "{what_en} next to {ref_en}"),
    "distance.approximate": ("距{ref_zh}约 {km} km（位置示意，距离为近似值）",
                             "≈{km} km from {ref_en} (indicative location)"),
    "distance_unknown": ("无位置信息，无法计算距{ref_zh}的距离",
                         "no location, so the distance from {ref_en} is unknown"),
    "distance_unknown.limit": (
        "无位置信息，无法核对是否在距{ref_zh} {max_km} km 以内",
        "no location, so whether it lies within {max_km} km of {ref_en} cannot be checked"),
    "distance_too_far": (
        "{what_zh}距{ref_zh} {km} km，超出所限 {max_km} km",
        "{what_en} {km} km from {ref_en}, beyond the {max_km} km asked for"),
    # district
    "district_not_wanted": ("位于{district}，不在所选的{wanted}", "in {district_en}, not in the "
                            "chosen {wanted_en}"),
    # location: the words of rules.LOCATION_PRECISION
    **{f"location_{code}": (zh + "{town_zh}", en) for code, (zh, en) in LOCATION_WORDS.items()},
    # the same land
    "component_of_zone": (
        "为“{zone}”的组成园区：与该园区是同一片土地，不另计面积",
        "a component park of {zone_en}: the same land, not additional"),
    "zone_with_components": (
        "含组成园区 {components}：同一片土地，列在本候选之下",
        "includes {n} component park(s), the same land, listed under this candidate"),
    # notices for the whole answer
    "no_match": (
        "“{term}”不在计划的产业、集群、细分领域或同义词表中，也未见于园区产业",
        "{term!r} is neither an industry, cluster or segment of the plan, nor in the synonym "
        "table or any park's stated industries"),
    "max_km_needs_location": (
        "仅保留距{ref_zh} {max_km} km 以内的园区和区；无位置信息的园区无法核对距离，列入排除名单",
        "only parks and districts within {max_km} km of {ref_en} are kept; parks without a "
        "location cannot be checked and are listed as excluded"),
    "none_fit": ("没有候选满足全部要求", "no candidate meets every requirement"),
    # nearest misses: what relaxing one requirement would bring
    "relax_max_km": ("放宽到 {max_km} 公里可得 {n} 个候选：{names}",
                     "widen to {max_km} km for {n} candidate(s): {names_en}"),
    "relax_area_mu": ("所需面积降到 {need_mu} 亩可得 {n} 个候选：{names}",
                      "need {need_mu} mu or less for {n} candidate(s): {names_en}"),
    "relax_level": ("不限级别可得 {n} 个候选：{names}",
                    "any park level gives {n} candidate(s): {names_en}"),
    "relax_district": ("不限区可得 {n} 个候选：{names}",
                       "any district gives {n} candidate(s): {names_en}"),
    # unknowns of a candidate, listed with its confidence
    "unknown_area": ("面积未知", "area unknown"),
    "unknown_available_land": ("可供土地未知", "available land unknown"),
    "unknown_location": ("无位置信息", "no location"),
    "unknown_location_approximate": ("位置示意", "indicative location"),
    "unknown_level": ("级别未证实", "level not confirmed"),
    "unknown_industries": ("园区产业未知", "park industries unknown"),
}  # fmt: skip


def words(code: str, **facts) -> tuple[str, str]:
    zh, en = REASONS[code]
    # A plan section reads "三、（一）" in Chinese and "3.1" in English.
    facts_en = {k: plan_section_en(v) if k.endswith("section") and isinstance(v, str) else v
                for k, v in facts.items()}  # fmt: skip
    return zh.format(**facts), en.format(**facts_en)


def reason(code: str, points: float = 0, *, facts: dict | None = None, **extra) -> dict:
    """A reason: its code (without the wording variant), both languages, its points."""
    zh, en = words(code, **(facts or {}))
    return {"code": code.split(".")[0], "zh": zh, "en": en, "points": points} | extra
