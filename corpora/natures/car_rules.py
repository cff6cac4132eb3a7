#!/usr/bin/env python3
"""Rule-based complaint natures for car-complaint titles (12365auto), by the rules of README.md.

Used by build_natures.py for the car complaints of ../shared/data/car_complaints_12365auto.jsonl
that the AI reader did not label (labels.tsv). Titles are short ("<brand><model><problem>[<what the
dealer did>]"), so written patterns over the title decide, in this order of primary nature:

  safety first        the car caught fire, crashed or hurt someone (rule 2: harm comes first)
  quality             a defect is named (the default for a car title, rule 3)
  false_advertising   与宣传不符, 虚假宣传, 低配当高配, 减配, 库存车/问题车/展车 sold as new (rule 6)
  counterfeit         non-original or used parts fitted as original (外采件, 非原厂, 旧件; rule 9)
  contract            promises not kept, deposits withheld, late delivery, forced purchases (rule 5)
  price               unreasonable or extra fees (rule 7)
  measurement         a fuel pump that gives short measure (rule 8; the car's own gauge is quality)
  safety (second)     a dangerous defect without harm: brakes, loss of power, steering lock,
                      airbag, stalling, a broken axle, "安全隐患" (rule 2)
  after_sales         the dealer or maker refuses, does not answer, delays, has no parts, calls
                      the fault normal (不解决, 不予保修, 拒赔, 未回复, 无配件, 说正常; rule 4);
                      a repair that was made but did not fix it (维修未解决) is quality alone
                      (a refused deposit is contract alone, rule 4; DEFECT names the faults of the
                      titles, so a named fault with a refusal is quality, after_sales)

The problem codes of the site are not used (several codes are given to one title and they are
often the site's own category of the part, not of the complaint). A title that matches no
pattern is `quality` (the default for a car title: it names a part and a fault). `python3 car_rules.py` prints how the rules agree with the reader's labels of the
car titles in labels.tsv.
"""

import re

FIRE_OR_CRASH = re.compile(r"自燃|起火|着火|燃烧|失火|撞车|车祸|撞上|追尾|受伤|伤人|身亡|死亡|爆炸|"
                           r"(交通|出现|发生|造成|导致|车辆)事故|事故导致|碰撞|出险")
DANGEROUS = re.compile(
    r"刹车失灵|制动失灵|刹车失效|制动失效|刹车(偏软|变硬|踩不动|不灵)|失去动力|动力(突然)?(中断|缺失|消失)|"
    r"熄火|方向盘(抱死|锁死|失灵|控制失灵)|转向(失灵|助力失效|卡死)|助力失效|气囊|断轴|大梁断裂|后桥.{0,2}断裂|"
    r"脱挡|溜车|爆胎|安全隐患|影响(行车|行驶|驾驶)?安全|危险|冒烟|刹车.{0,2}(异常|故障)|抛锚")
DEFECT = re.compile(
    r"异响|故障|漏(油|水|风|液|电)|渗(油|水)|生锈|锈蚀|腐蚀|开裂|断裂|裂纹|抖动|顿挫|失灵|损坏|坏了|卡顿|卡死|死机|黑屏|"
    r"白屏|异味|烧机油|机油增多|报警|故障灯|亮灯|无法(启动|换挡|升级|行驶|使用|打开|充电|加速|着车|解锁)|不能(启动|使用)|"
    r"磨损|变形|掉漆|起泡|鼓包|进水|打滑|失效|噪音|共振|跑偏|松动|脱落|色差|缺陷|质量(问题|差)|亏电|不制冷|不出风|"
    r"耗电|油耗(高|大)|加速无力|动力(弱|不足)|熄火|异常|发白|雾气|水汽|不亮|吃胎|偏磨|发黄|起皮|掉色|划痕|凹陷|破损|"
    r"间隙大|不平|过热|水温高|温度高|抖|响|坏|断|锈|裂|漏|虚标|续航(不足|缩水|衰减)|衰减|问题车|拉缸|失缸|瘫痪|"
    r"无法|不工作|失效|缺失|差|慢|不准|"
    # faults the titles name that the words above missed (rule 3: a named fault is quality)
    r"污点|污渍|电流声|花屏|氧化|不换挡|卡滞|拆装痕迹|无声音|怠速高|损伤|开胶|晃动|自动加速|起雾|动力丢失|"
    r"亮度不足|不存电|无动力|挂挡不走|沉重|换错|(空调|刹车|发动机|变速箱|车机|底盘)(及.{0,4})?问题")
# A deposit not refunded (contract alone by rule 4, unless the dealer also stalls or stops answering).
DEPOSIT = re.compile(r"(定金|订金|押金|保证金).{0,8}(不退|未退|无法退|退还|不予退)|不退.{0,4}(定金|订金|押金)")
FALSE_AD = re.compile(
    r"宣传|虚假|与实际不符|与实车不符|配置不符|车型不符|低配|减配|库存车|问题车|事故车|展车|试驾车|二手车当|翻新车|"
    r"维修过|喷过漆|隐瞒|不告知|欺诈|欺骗|涉嫌欺诈|保险记录")
COUNTERFEIT = re.compile(r"外采件|非原厂|非原装|副厂|旧件|假冒|假配件|以次充好|充当原装")
CONTRACT = re.compile(
    r"承诺.{0,6}(不兑现|未兑现|没兑现|无法兑现|不履行)|未兑现|不兑现|不予兑现|没兑现|拖欠|违约|"
    + DEPOSIT.pattern + "|"
    r"未按时交车|(拒绝|未|没有)按时交付|不交车|提不到车|不发车|无法按时交付|强制(购买|消费|要求|加装|搭售)|捆绑|不给合同|"
    r"未提供|不提供|不给发票|不开发票|合同|补贴.{0,4}(未到账|不兑现|未兑现|不给)|赠送.{0,6}(不兑现|未兑现|没有)|"
    r"维修(导致|操作不规范|时|后出现)|修出新问题|过度维修|剐蹭|丢失(钥匙|合格证)|未返还|退网|一把车钥匙|未交付")
PRICE = re.compile(r"乱收费|多收|收费不合理|不合理收费|收取.{0,8}费|收费|费用高|价格不透明|加价|额外收|补偿金|变相收")
MEASUREMENT = re.compile(r"加油.{0,4}(不准|不足|缺斤|少)|计量")
AFTER_SALES = re.compile(
    r"不解决|不予解决|不给解决|无法解决|拒绝|拒赔|不予?保修|不给保修|不保修|无法索赔|不予?处理|不给处理|不处理|拖延|推诿|"
    r"(厂家|4s店|经销商|售后|商家|服务站)(一直)?(未|没有?|不)(解决|处理|回复|理会|答复)|未回复|不回复|没有回复|无回复|"
    r"无配件|没有配件|没配件|缺配件|配件.{0,3}(缺货|没货)|无货|没货|(一直|长期)?缺货|否认|告知正常|说正常|属于正常|"
    r"态度(恶劣|差)|服务差|售后差|不予?(退|换|赔)|不给(退|换|修|赔|升级)|不予升级|不作为|不认可|无法(提供|修复|维修)")


def natures(title):
    """The natures of a car-complaint title, primary first (at most three), or [] when no rule
    decides."""
    t = title.lower()
    found = []
    fire = bool(FIRE_OR_CRASH.search(t))
    if fire:
        found.append("safety")
    repair_failed = re.search(r"(维修|更换|处理|修理|检修|升级)(后)?(仍|还|依然|依旧)?(未|没有?)解决", t)
    defect = bool(DEFECT.search(t)) or fire
    if defect:
        found.append("quality")
    for nature, pattern in (("false_advertising", FALSE_AD), ("counterfeit", COUNTERFEIT), ("contract", CONTRACT),
                            ("price", PRICE), ("measurement", MEASUREMENT)):
        if pattern.search(t):
            found.append(nature)
    if not fire and DANGEROUS.search(t):
        # A dangerous defect without harm is a defect first (rule 2), even when no defect word
        # of DEFECT names it (失去动力, 刹车偏软, 爆胎).
        if "quality" not in found:
            found.insert(0, "quality")
        found.append("safety")
    after = AFTER_SALES.search(DEPOSIT.sub("", t))  # the refusal of a deposit itself is contract
    if after and not (repair_failed and not re.search(r"(厂家|4s店|经销商|售后|商家)(一直)?(未|没有?|不)(解决|处理)", t)):
        found.append("after_sales")
    # A defect found only by a sales word ("问题车") is not a separate quality complaint.
    if "quality" in found and "false_advertising" in found and not re.search(DEFECT.pattern.replace("问题车|", ""), t.replace("问题车", "")):
        found.remove("quality")
    out = []
    for n in found:
        if n not in out:
            out.append(n)
    # A title that names a part and no rule above: a defect (rule 3, the default for cars).
    if not out:
        out = ["quality"]
    return out[:3]


def _agreement():
    import json
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    rows = []
    for split in ("train",):  # the rules were written looking at train titles only
        with open(os.path.join(here, split + ".jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r["source"].startswith("12365auto") and r["source"] != "12365auto:rules":
                    rows.append((r["text"], r["natures"]))
    same_set = same_primary = unlabelled = 0
    labels = ["quality", "safety", "price", "measurement", "counterfeit", "false_advertising", "contract", "after_sales"]
    tp = {n: 0 for n in labels}
    fp = dict(tp)
    fn = dict(tp)
    for text, truth in rows:
        got = natures(text)
        if not got:
            unlabelled += 1
            continue
        same_set += set(got) == set(truth)
        same_primary += got[0] == truth[0]
        for n in labels:
            if n in got and n in truth:
                tp[n] += 1
            elif n in got:
                fp[n] += 1
            elif n in truth:
                fn[n] += 1
    labelled = len(rows) - unlabelled
    print("reader-labelled car titles %d, left unlabelled by the rules %d" % (len(rows), unlabelled))
    print("of the rest: same set %.3f, same primary %.3f" % (same_set / labelled, same_primary / labelled))
    for n in labels:
        s = 2 * tp[n] + fp[n] + fn[n]
        print("  %-18s agreement F1 %.3f  (reader %d, rules %d)" % (n, 2 * tp[n] / s if s else 0, tp[n] + fn[n], tp[n] + fp[n]))


if __name__ == "__main__":
    _agreement()
