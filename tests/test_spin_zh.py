"""Issue 15: the SPIN classifier reads questions written in Chinese (背景问题/难点问题/暗示问题/需求-效益问题).

The questions are a seller's, on the course's cases: Ruixiang TCM Hospital buying managed printing
(瑞祥中医院), Dongsheng Rural Commercial Bank's branches (东升农商银行), Qingmei Cosmetics' counters
and members (清美化妆品) and Jiatong Express (佳通快递, the buyer of exercises 3.2.7–3.2.9). Each was
labelled by hand before it was run through the classifier.

* ``TUNED`` — the questions the Chinese cues were tuned on, over four rounds (a first set, then
  three sets that were held apart until their round): each must be read right.
* ``HELD_APART`` — 32 questions written before the last round and never used to tune the cues:
  the fair measure of the Chinese cues (29 of 32 when written; 28 before the last round). It must
  never be edited (its hash is checked), nor used to tune them.
* ``KNOWN_MISSES`` and ``AMBIGUOUS`` — what the cue rules cannot read, documented.
"""
from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmcourse
from crmcourse import i18n, spin
from crmcourse.errors import CourseDataError
from crmcourse.spin._common import clean_text

CJK = re.compile("[\u4e00-\u9fff]")
#: Guess.why texts as the English rules wrote them before issue 15 (the Chinese rules reuse them).
ENGLISH_WHYS = {
    "no problem, consequence or value cue: a fact-finding question",
    "asks for a fact about the buyer's present situation",
    "asks what would follow from a problem",
    "asks what a change would be worth to the buyer",
    "asks how useful a solution would be",
    "asks what a solution would mean for the buyer",
    "asks the buyer to say why a solution matters",
    "asks for further benefits of a solution",
    "asks about a benefit",
    "asks the buyer to weigh a change ('Would ...?')",
    "asks about the effect of a problem",
    "asks what a problem leads to",
    "asks what a problem costs",
    "links a problem to a risk or damage",
    "follows a problem to what happens next",
    "sizes what a problem loses the buyer",
    "sizes the consequences of a problem",
    "follows a problem ('if/when ...') to what comes next",
    "asks about a difficulty or dissatisfaction",
    "mentions something going wrong",
}

TUNED = [
    # hospital
    ("医院现在一共有多少台打印机和复印机？", "S"),
    ("目前是谁负责打印机的日常维护？", "S"),
    ("哪些科室的打印量最大？", "S"),
    ("这些打印机是统一采购的，还是各科室分别买的？", "S"),
    ("采购新设备由谁审批？", "S"),
    ("门诊每天大概要打印多少张处方？", "S"),
    ("你们现在用的是哪几个品牌的打印机？", "S"),
    ("你们医院的门诊分布在几个楼层？", "S"),
    ("现在信息科有几个人？", "S"),
    ("你们和现在的经销商合作几年了？", "S"),
    ("你们的复印机平均用了几年？", "S"),
    ("报告一般是在哪里打印的？", "S"),
    ("瑞祥医院一共有多少个科室？", "S"),
    ("你们今年的采购计划什么时候定下来？", "S"),
    ("打印机的耗材现在从哪家供应商进货？", "S"),
    ("医院的打印机大多放在哪些地方？", "S"),
    ("韩主任，您负责运营多少年了？", "S"),
    ("门诊的打印机坏了以后，维修速度您满意吗？", "P"),
    ("这么多型号的硒鼓，备货是不是很麻烦？", "P"),
    ("走廊里共享打印机上的病人报告，您担心过隐私问题吗？", "P"),
    ("想弄清楚每个科室的打印花费，难不难？", "P"),
    ("医生对现在的打印质量有没有不满意的地方？", "P"),
    ("信息科在打印机上遇到的最大困难是什么？", "P"),
    ("夜班的时候，护士是否遇到过硒鼓用完的情况？", "P"),
    ("打印机卡纸的情况常见吗？", "P"),
    ("您对现在经销商的响应速度满意吗？", "P"),
    ("各科室对打印预算的分配有意见吗？", "P"),
    ("换硒鼓的时候，护士常常要等很久吗？", "P"),
    ("院长对打印费用的增长有看法吗？", "P"),
    ("门诊高峰期的时候，打印机经常卡纸吗？", "P"),
    ("现在的经销商维修响应慢不慢？", "P"),
    ("信息科的同事对打印机的工作量有什么抱怨？", "P"),
    ("经销商修一台打印机一般收多少钱，您觉得贵吗？", "P"),
    ("护士找不到硒鼓的时候是不是很着急？", "P"),
    ("院长有没有为打印的事批评过您？", "P"),
    ("门诊打印机停机的时候，排队取药的病人会怎么样？", "I"),
    ("维修要等两三天，会不会导致病人的投诉增多？", "I"),
    ("信息科一半时间花在打印机上，对新病历系统的上线有什么影响？", "I"),
    ("如果明年春天评审时发现报告放在走廊里，会有什么后果？", "I"),
    ("过期的硒鼓每年要浪费掉多少钱？", "I"),
    ("手写标签出了差错，可能会给医院带来什么风险？", "I"),
    ("预算年年争不清楚，这意味着医院每年多花了多少钱？", "I"),
    ("病历系统推迟上线，会对医院的评级造成什么影响？", "I"),
    ("报告交错病人这种事，院长那边会追责吗？", "I"),
    ("缺货的时候，每个月会错失多少销售机会？", "I"),
    ("信息科的人手被打印机占住了，病历系统的进度会被拖慢多少？", "I"),
    ("护士手写标签出错，最严重的时候会出什么事？", "I"),
    ("打印机一坏就是两三天，病人会不会因此投诉到院长那里？", "I"),
    ("信息科忙于修打印机，会拖延病历系统多长时间？", "I"),
    ("报告放在走廊被别人拿走，会对医院的声誉有什么影响？", "I"),
    ("病人在窗口等太久，护士要花多少时间去解释？", "I"),
    ("评审没通过的话，医院要付出什么代价？", "I"),
    ("如果坏掉的打印机能在几个小时内修好，对门诊会有什么帮助？", "N"),
    ("要是硒鼓能在用完之前自动送到，能为你们节省多少时间？", "N"),
    ("只有本人站在打印机前才打印报告，这对评审有什么好处？", "N"),
    ("每月拿到各科室的打印费用报表，对做预算有用吗？", "N"),
    ("统一成一个品牌，对信息科来说值得吗？", "N"),
    ("如果能算清每年多花的那两成费用，您向院长汇报时会更容易吗？", "N"),
    ("当天修好门诊的打印机，对您来说有多重要？", "N"),
    ("如果每个科室的打印量都能看得清清楚楚，预算讨论会不会顺利很多？", "N"),
    ("如果报告只在本人刷卡后才打印，院长会更放心吗？", "N"),
    ("一份统一的耗材合同，对您的年度考核有什么价值？", "N"),
    ("假如每台打印机的用量都自动统计，您做预算能快多少？", "N"),
    ("一个服务商负责所有门诊打印机，对您的工作有什么帮助？", "N"),
    ("要是打印机坏了能在四小时内修好，门诊排队会短多少？", "N"),
    ("如果硒鼓能自动补货，护士还用半夜找硒鼓吗？", "N"),
    ("一份每月的科室打印报表，能帮您解决预算争论吗？", "N"),
    ("如果打印量按科室自动统计出来，您和各科室谈预算会容易多少？", "N"),
    ("要是病人报告只在医生到场时才打印，您在隐私上能放心多少？", "N"),
    # bank
    ("银行目前有多少个网点？", "S"),
    ("每个柜台配了哪些设备？", "S"),
    ("客户现在还需要手工填写哪些纸质表单？", "S"),
    ("签好字的单据是怎么送到后台的？", "S"),
    ("各网点的纸张和碳粉由谁采购？", "S"),
    ("网点每天几点开门？", "S"),
    ("网点的柜员一般是怎么培训的？", "S"),
    ("目前总行对网点采购有什么规定？", "S"),
    ("网点的存折打印机是什么型号？", "S"),
    ("总行每年给网点的办公用品预算是多少？", "S"),
    ("东升农商行的网点大多在县城吗？", "S"),
    ("一个网点通常有几个柜台？", "S"),
    ("网点的打印纸一般一次买多少？", "S"),
    ("对公开户需要客户交哪些材料？", "S"),
    ("后台在城里什么位置？", "S"),
    ("存折打印机坏了，网点对维修速度满意吗？", "P"),
    ("在 86 个网点及时更新纸质表单难不难？", "P"),
    ("单据在路上丢失的情况多吗？", "P"),
    ("各网点买耗材的价格不一样，您觉得这是个问题吗？", "P"),
    ("赶集日柜台排长队，是不是经常让您头疼？", "P"),
    ("网点还在用旧表单的情况经常发生吗？", "P"),
    ("网点的扫描仪经常出故障吗？", "P"),
    ("网点的快递经常送晚吗？", "P"),
    ("网点的客户等候时间太长了吗？", "P"),
    ("柜员在填表环节上遇到过什么难处？", "P"),
    ("存折打印机老出毛病吗？", "P"),
    ("柜员对现在的扫描仪有什么不满？", "P"),
    ("旧表单清理起来费事吗？", "P"),
    ("一个柜台停用，对赶集日的排队有什么影响？", "I"),
    ("老年客户等得不耐烦，会不会导致存款流失到隔壁的邮储银行？", "I"),
    ("后台退回用旧表单填的申请，会造成多少返工？", "I"),
    ("监管检查发现单据丢失，会给银行带来什么处罚？", "I"),
    ("开对公账户要四天，会让你们失去多少企业客户？", "I"),
    ("每年报废的印刷表单损失有多大？", "I"),
    ("排队太长，客户会不会转去别的银行？", "I"),
    ("表单版本混乱，每年给后台增加了多少工作量？", "I"),
    ("一份单据丢了，后台要花多少工夫去补？", "I"),
    ("柜台停了一整天，当天的业务量要少掉多少？", "I"),
    ("旧表单填错被退回，客户要多跑几趟？", "I"),
    ("单据寄丢了，银行要承担什么责任？", "I"),
    ("耗材价格不统一，一年下来全行多付了多少钱？", "I"),
    ("单据晚到两天，开户要拖到什么时候？", "I"),
    ("监管检查又出一次问题，您个人要负什么责任？", "I"),
    ("如果损坏的柜台打印机能当天更换，对网点有什么帮助？", "N"),
    ("要是网点能在客户需要时直接打印最新的表单，能省下多少印刷费用？", "N"),
    ("单据当天就能到后台，对缩短开户时间意味着什么？", "N"),
    ("全行耗材统一一个价格，每年能节约多少？", "N"),
    ("如果文件不再需要快递，对通过监管检查有什么好处？", "N"),
    ("如果所有网点都用同一家供应商，对总行管理会有什么好处？", "N"),
    ("要是开户能一天办完，对吸引企业客户有多大意义？", "N"),
    ("统一耗材价格之后，您向总行汇报会不会更有底气？", "N"),
    ("如果单据扫描后当天就能传到后台，开户能缩短到几天？", "N"),
    ("柜台打印机当天更换，对赶集日的客户满意度有多大好处？", "N"),
    ("表单随打随用，网点每年能少报废多少表格？", "N"),
    ("如果 86 个网点用同一个价格进货，总行一年能省多少？", "N"),
    ("柜台打印机坏了当天就换新，对留住老年客户有帮助吗？", "N"),
    ("单据当天到后台，开户提速对您拉企业客户有什么作用？", "N"),
    # cosmetics
    ("清美现在有多少家门店和专柜？", "S"),
    ("会员资料目前是用什么系统管理的？", "S"),
    ("每个月有多少会员回购？", "S"),
    ("美容顾问一般怎么联系老顾客？", "S"),
    ("清美的会员一年平均消费多少钱？", "S"),
    ("清美的专柜主要开在哪些商场？", "S"),
    ("顾客一般通过什么渠道成为会员？", "S"),
    ("清美的会员大概有多少人？", "S"),
    ("会员的生日信息是怎么收集的？", "S"),
    ("门店现在每周做几次促销活动？", "S"),
    ("清美的会员卡分几个等级？", "S"),
    ("门店的销售数据多久汇总一次？", "S"),
    ("美容顾问每天接待多少位顾客？", "S"),
    ("会员数据分散在各个门店，是不是很难统一分析？", "P"),
    ("顾客对专柜的服务有没有抱怨？", "P"),
    ("美容顾问是否担心发太多短信会打扰顾客？", "P"),
    ("试用装发出去之后，很难知道谁真正购买了，对吗？", "P"),
    ("专柜的库存数据准确吗？", "P"),
    ("会员投诉处理起来费劲吗？", "P"),
    ("门店之间的会员积分不能通用，顾客会不高兴吗？", "P"),
    ("现在的会员系统用起来顺手吗？", "P"),
    ("旺季的时候，专柜的人手紧张吗？", "P"),
    ("会员的联系方式有没有不准确的情况？", "P"),
    ("美容顾问觉得现在的会员系统好用吗？", "P"),
    ("会员短信的退订率让您不安吗？", "P"),
    ("各门店的库存对不上账，这种事多吗？", "P"),
    ("老会员不再回购，对门店的销售额影响有多大？", "I"),
    ("积压的口红过期以后，每年要损失多少？", "I"),
    ("如果顾客收到的短信太多，会不会导致她们取消订阅？", "I"),
    ("美容顾问离职时带走客户资料，会给品牌带来什么损失？", "I"),
    ("顾客的投诉如果在网上传开，会对品牌有什么后果？", "I"),
    ("顾客的生日被漏掉，对她们的忠诚度有多大打击？", "I"),
    ("门店缺货的那几天，顾客会不会直接去竞争品牌买？", "I"),
    ("会员资料不全，会让促销短信白发多少？", "I"),
    ("美容顾问跳槽带走老顾客，门店的业绩会下滑多少？", "I"),
    ("一个专柜断货一周，会流失多少老顾客？", "I"),
    ("会员收到重复的短信，对品牌印象会有什么影响？", "I"),
    ("如果能知道每位会员上次买了什么，对美容顾问推荐产品有什么帮助？", "N"),
    ("要是生日关怀短信能自动发送，能为门店省下多少人力？", "N"),
    ("把会员数据集中起来，对总部制定促销计划有什么价值？", "N"),
    ("如果回购提醒能及时发出，您觉得值得试一试吗？", "N"),
    ("能够实时查到会员积分，对美容顾问的工作有帮助吗？", "N"),
    ("每位美容顾问都能看到顾客的购买记录，对回购率会有多大提升？", "N"),
    ("如果会员资料统一在一个系统里，美容顾问的回访效率能提高多少？", "N"),
    ("自动发送生日关怀，对提高会员回购率有意义吗？", "N"),
    ("如果总部能随时看到各门店的销售数据，对调货会有什么帮助？", "N"),
    ("如果美容顾问能提前知道顾客快用完了，对回购会有多大帮助？", "N"),
    ("把会员数据打通，总部做活动能更有针对性吗？", "N"),
    ("自动提醒回购，对您完成今年的会员目标有用吗？", "N"),
    # logistics
    ("佳通快递现在有多少辆货车？", "S"),
    ("司机现在用自己的手机联系调度吗？", "S"),
    ("你们和现在的运营商的合同什么时候到期？", "S"),
    ("西边山区的线路占多大比例？", "S"),
    ("司机在山区线路上经常没有信号吗？", "P"),
    ("调度联系不上司机的时候，您是不是很头疼？", "P"),
    ("您对司机手机补贴每年都在涨满意吗？", "P"),
    ("调度员每天打几百个电话找司机，这样做费劲吗？", "P"),
    ("山区没有信号，司机白跑一趟的情况会导致多少额外成本？", "I"),
    ("送货延误率升到 6%，对和最大电商客户的合作有什么影响？", "I"),
    ("司机离职把客户资料带走，会给公司带来什么风险？", "I"),
    ("客服说不清包裹在哪里，会不会让电商客户考虑换一家快递？", "I"),
    ("如果每个司机在山区也能随时联系上，对准时送达率会有什么帮助？", "N"),
    ("如果调度能实时看到每辆车的位置，每天能省下多少个电话？", "N"),
    ("统一配发公司手机，对您控制通讯成本有什么好处？", "N"),
    ("客服能直接告诉客户包裹在哪里，这对留住电商客户有多重要？", "N"),
]

HELD_APART = [
    ("贵院的打印机是按科室分别登记的吗？", "S"),
    ("现在每台打印机平均每月打多少页？", "S"),
    ("药房的处方是在哪台机器上打的？", "S"),
    ("贵行的网点分布在几个县？", "S"),
    ("各网点的表单现在由谁负责印制？", "S"),
    ("清美去年新增了多少会员？", "S"),
    ("会员积分可以在所有门店通用吗？", "S"),
    ("美容顾问平时用什么工具给顾客发消息？", "S"),
    ("门诊的打印机出故障的次数多吗？", "P"),
    ("您觉得现在的打印费用偏高吗？", "P"),
    ("信息科的人手够不够应付这么多打印机？", "P"),
    ("护士对硒鼓的供应有什么不满意的地方？", "P"),
    ("网点的客户抱怨排队的多吗？", "P"),
    ("表单一改版，网点是不是很难及时换新？", "P"),
    ("专柜的会员资料经常有错漏吗？", "P"),
    ("门店之间调货是不是很费时间？", "P"),
    ("打印机修不好的那几天，门诊的工作效率会受多大影响？", "I"),
    ("硒鼓断货导致护士手写标签，出过差错吗？会有什么后果？", "I"),
    ("长此以往，打印预算的争论会不会影响科室之间的合作？", "I"),
    ("单据丢失被监管通报，对银行的评级会造成什么影响？", "I"),
    ("客户在柜台前等太久，最后有多少人选择离开？", "I"),
    ("印错的表单报废，一年要浪费多少钱？", "I"),
    ("会员资料不准确，短信发错人会引起投诉吗？", "I"),
    ("老顾客流失以后，门店要花多少钱才能拉来新顾客？", "I"),
    ("如果门诊打印机当天就能修好，病人的排队时间能减少多少？", "N"),
    ("如果硒鼓能自动补货，您觉得对护士的工作有什么帮助？", "N"),
    ("拿到每个科室的打印成本数据，对您说服院长有多大帮助？", "N"),
    ("如果网点能按需打印表单，每年能省下多少报废的费用？", "N"),
    ("单据当天送达后台，对您完成开户时效的考核有什么好处？", "N"),
    ("如果所有会员数据都在一个系统里，美容顾问的工作会轻松多少？", "N"),
    ("自动发送生日祝福，您觉得值得投入吗？", "N"),
    ("如果能提前提醒顾客补货，对提高回购率有多大作用？", "N"),
]
HELD_APART_SHA256 = "4c0ad319f41f2790d777302dbe18e3a390e00714738815b4fa3f17319d142f09"

# Read wrong by the cue rules, with the right type: each needs a word the cue lists do not hold
# (three of them are in HELD_APART, and count in its accuracy).
KNOWN_MISSES = [
    ("把报告改成刷卡打印，对通过评审有多大把握？", "N"),  # 把握 (confidence): no value word → S
    ("各科室抢打印机的情况多不多？", "P"),  # the difficulty is only in 抢 (fight over); 多不多 is also a count → S
    ("过期硒鼓扔掉，一年算下来是多大一笔开支？", "I"),  # 开支 is also a situation word; 过期 → P
    ("美容顾问把顾客资料带走，品牌还能找回这些顾客吗？", "I"),  # the consequence is implicit → S
    ("您觉得现在的打印费用偏高吗？", "P"),  # 偏高 (on the high side) is not a cue → S
    ("门店之间调货是不是很费时间？", "P"),  # 费时间 is not a cue → S
    ("客户在柜台前等太久，最后有多少人选择离开？", "I"),  # 离开 (leave) is not a cue; 等太久 → P
    ("如果要采购新设备，会由谁审批？", "S"),  # "如果 … 会" reads as an implication (English does the same with "If …, who would …")
    ("CRM 系统能帮你们 save 多少时间？", "N"),  # mixed: 能 … save is in neither language's cue list → S
    # a solution without 能/可以: "如果 …, 意味着" reads as a problem's consequence (English has "would")
    ("如果只有本人站在打印机前报告才打印出来，这对评审意味着什么？", "N"),
]

# The course's own English questions (the plans of 3.3 and C.3, the examples of 3.2) and how a
# translator may put them: the Chinese must be read as the English is.
COURSE_PAIRS = [
    ("Are you happy with how quickly broken clinic printers get repaired?", "门诊的打印机坏了，维修速度您满意吗？"),
    ("When a clinic printer is down, what happens to the patients waiting for prescriptions?",
     "门诊打印机停机的时候，等着拿处方的病人会怎么样？"),
    ("How much of your IT team's time goes on chasing printer repairs?", "信息科有多少时间花在催修打印机上？"),
    ("Would it help if every clinic printer were fixed within four hours?",
     "如果门诊的每台打印机都能在四小时内修好，会有帮助吗？"),
    ("Is it difficult to keep the right toner in stock for so many models?", "这么多型号，要备齐合适的硒鼓难不难？"),
    ("What happens on a ward when the toner runs out at night?", "夜里硒鼓用完了，病房会怎么样？"),
    ("How useful would it be if toner arrived by itself before it ran out?", "如果硒鼓能在用完之前自动送到，会有多大用处？"),
    ("Is it hard to see what each department spends on printing?", "想看清每个科室在打印上花了多少钱，难吗？"),
    ("How does the lack of figures affect the budget talks with the departments?", "缺少数字，对和各科室谈预算有什么影响？"),
    ("Who looks after the printers today?", "目前是谁负责打印机的维护？"),
    ("How many printers and copiers does the hospital have?", "医院一共有多少台打印机和复印机？"),
    ("Which departments print the most?", "哪些科室打印得最多？"),
    ("What does the hospital spend on printing in a year?", "医院每年在打印上花多少钱？"),
    ("Has the waiting led to more complaints from patients?", "排队等候有没有导致病人的投诉增多？"),
    ("Do you have any concerns about patient reports left on shared printers?",
     "病人报告留在共享打印机上，您有没有这方面的担心？"),
    ("Could reports left in the corridor affect next spring's accreditation audit?", "报告留在走廊里，会不会影响明年春天的评审？"),
    ("How many branches does the bank have?", "银行有多少个网点？"),
    ("Do the drivers lose signal on the hill routes?", "山区线路上司机会断信号吗？"),
    ("How do those gaps affect your on-time rate?", "这些信号盲区对准时率有什么影响？"),
    ("Would company phones make the budget easier to plan?", "配公司手机会让预算更好做吗？"),
]

# Questions where two types can be argued: the classifier's reading, and the types a trainer
# could accept. The reading is asserted, so that a change in how they are read is noticed.
AMBIGUOUS = [
    ("如果能按时修好，还会有病人投诉吗？", "N", {"N", "I"}),  # a solution's value, asked through the complaint it stops
    ("这些问题对院长有影响吗？", "I", {"I", "P"}),  # the effect of the problems, or the problem itself
    ("打印机坏了以后，你们一般怎么处理？", "P", {"S", "P"}),  # how they handle it today (fact) about a breakdown
    ("你们目前的维修成本大概是多少？", "S", {"S", "I"}),  # 成本 is not a cue (in English "cost" reads as I)
    ("每年在打印上花多少钱？", "S", {"S"}),  # 多少钱 alone is a fact
    ("我能问几个问题吗？", "P", {"S"}),  # not a SPIN question at all; 问题 reads as a problem cue
]

# Questions mixing English and Chinese, as a learner may write them.
MIXED = [
    ("What would 统一采购 save you?", "N"),
    ("Are you happy with 瑞祥's printers?", "P"),
    ("这些 printer 经常 break down 吗？", "P"),
    ("如果 CRM 能自动提醒回购，对门店有什么帮助？", "N"),
    ("How many 网点 does the bank have?", "S"),
]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.delenv(i18n.ENV_VAR, raising=False)
    monkeypatch.setitem(i18n._STATE, "language", None)


def cue_parts_in(text: str, cue: str) -> bool:
    return all(part in clean_text(text).lower() for part in cue.split(" … "))


# ----------------------------------------------------------------------------- the question sets
def test_the_sets_are_big_enough_and_apart():
    for rows in (TUNED, HELD_APART):
        counts = {t: sum(1 for _, label in rows if label == t) for t in spin.QUESTION_TYPES}
        assert min(counts.values()) >= 5, counts
        assert all(CJK.search(q) and q.endswith("？") for q, _ in rows)
    tuned = {q for q, _ in TUNED}
    assert len(tuned) == len(TUNED) and len({q for q, _ in HELD_APART}) == len(HELD_APART)
    assert not tuned & {q for q, _ in HELD_APART + KNOWN_MISSES}, "a question is in two sets"


def test_the_held_apart_set_is_unchanged():
    digest = hashlib.sha256(json.dumps(HELD_APART, ensure_ascii=False).encode("utf-8")).hexdigest()
    assert digest == HELD_APART_SHA256, "the held-apart Chinese questions were edited"


@pytest.mark.parametrize("text, label", TUNED)
def test_chinese_questions_are_read_right(text, label):
    g = spin.classify_question(text)
    assert g.label == label, g
    assert cue_parts_in(text, g.cue), g
    if label != "S":
        assert g.cue and CJK.search(g.cue), "a Chinese question is typed on a Chinese cue"
    assert g.why in ENGLISH_WHYS


def test_accuracy_on_the_held_apart_chinese_questions():
    frame = pd.DataFrame(HELD_APART, columns=["question", "type"])
    report = spin.classifier_report(frame)
    assert report["n"] == 32
    assert report["accuracy"] >= 0.85, report["errors"]
    confusion = report["confusion"]
    for t in spin.QUESTION_TYPES:  # no type is read right by luck alone
        assert confusion.loc[t, t] >= 6, confusion


def test_the_known_misses_are_still_missed():
    # documentation that stays true: a miss that is now read right belongs in TUNED
    for text, right in KNOWN_MISSES:
        assert spin.classify_question(text).label != right, f"now read right, move it to TUNED: {text}"


@pytest.mark.parametrize("text, reading, arguable", AMBIGUOUS)
def test_ambiguous_questions(text, reading, arguable):
    g = spin.classify_question(text)
    assert g.label == reading and cue_parts_in(text, g.cue)


@pytest.mark.parametrize("text, label", MIXED)
def test_mixed_english_and_chinese(text, label):
    g = spin.classify_question(text)
    assert g.label == label and cue_parts_in(text, g.cue)


@pytest.mark.parametrize("text, label, cue", [
    ("贵院有多少台打印机？", "S", "多少"),  # 贵院 is polite, not "expensive"
    ("贵行在贵州有几个网点？", "S", "几个"),
    ("清美的贵宾会员有多少人？", "S", "多少"),  # 会员 is not 会 "would"
    ("会诊室的打印机是谁管的？", "S", "谁"),
    ("慢性病门诊每天打印多少处方？", "S", "每天"),  # 慢性病 is not 慢 "slow"
    ("如果方便的话，能告诉我每年的打印预算吗？", "S", "每年"),  # politeness, not a condition
    ("客户满意度调查一年做几次？", "S", "几次"),  # 满意度 is not 满意 "satisfied"
    ("您对现在的维修速度满意吗？", "P", "满意"),
    ("打印机的功能够用吗？", "S", ""),  # 功能 is not 能 "could"
    ("如果打印机不能按时修好，会怎么样？", "I", "会怎么样"),  # 不能 is not a solution
])
def test_words_that_only_contain_a_cue(text, label, cue):
    assert spin.classify_question(text)[:2] == (label, cue)


def test_order_need_payoff_before_implication_before_problem():
    # the same precedence as the English rules
    assert spin.classify_question("如果能避免这些损失，对医院有什么好处？").label == "N"
    assert spin.classify_question("维修太慢，会导致什么后果？").label == "I"
    assert spin.classify_question("维修太慢吗？").label == "P"
    assert spin.classify_question("医院有几台打印机？").label == "S"


@pytest.mark.parametrize("english, chinese", COURSE_PAIRS)
def test_the_course_questions_read_the_same_in_chinese(english, chinese):
    assert spin.classify_question(chinese).label == spin.classify_question(english).label


def test_the_capstone_plan_in_chinese_passes_as_the_english_one():
    english = [("S", COURSE_PAIRS[9][0])] + [e for e, _ in COURSE_PAIRS[:9]]
    chinese = [("S", COURSE_PAIRS[9][1])] + [c for _, c in COURSE_PAIRS[:9]]
    plans = [spin.call_plan(qs, objective="a visit") for qs in (english, chinese)]
    assert plans[0]["type"].tolist() == plans[1]["type"].tolist()
    assert spin.plan_checklist(plans[1]) == spin.plan_checklist(plans[0])
    assert set(spin.plan_checklist(plans[1]).values()) == {"ok"}


# ----------------------------------------------------------------------------- the other helpers
def test_classify_questions_and_call_plan_in_chinese():
    questions = ["医院现在有多少台打印机？", "门诊对维修速度满意吗？", "维修要等三天，会导致病人投诉吗？",
                 "如果当天就能修好，对门诊有什么帮助？"]
    table = spin.classify_questions(questions)
    assert table["guess"].tolist() == ["S", "P", "I", "N"]
    assert table["cue"].tolist() == ["现在", "满意", "导致", "能 … 帮助"]
    plan = spin.call_plan(questions + [("N", "统一品牌对信息科有好处吗？")], objective="门诊试用一个月")
    assert plan["type"].tolist() == ["S", "P", "I", "N", "N"]
    assert plan["source"].tolist()[-1] == "yours"
    assert spin.plan_checklist(plan, min_questions=5)["develops each problem"] == "ok"


# ----------------------------------------------------------------------------- language of the why
def test_the_why_follows_the_language(monkeypatch):
    text = "维修要等两三天，会不会导致病人的投诉增多？"
    english = spin.classify_question(text)
    assert english.why == "asks what a problem leads to"

    class Marked:  # a catalog that marks every message it translates
        def gettext(self, message):
            return f"«{message}»"

    real = i18n.translation
    monkeypatch.setattr(i18n, "translation",
                        lambda language, domain=i18n.DOMAIN: Marked() if language == "zh" else real(language, domain))
    crmcourse.set_language("zh")
    chinese = spin.classify_question(text)
    assert chinese[:2] == english[:2] and chinese.why == "«asks what a problem leads to»"
    assert spin.classify_question("How many branches do you run?").why == \
        "«no problem, consequence or value cue: a fact-finding question»"
    crmcourse.set_language("en")
    assert spin.classify_question(text) == english


# ----------------------------------------------------------------------------- hostile Chinese input
@pytest.mark.parametrize("bad", ["", "   ", "\u3000\u3000", "\n\t", None, 42, b"\xe9\x97\xae\xe9\xa2\x98",
                                 ["维修太慢吗？"], {"q": "维修太慢吗？"}, 3.5, float("nan")])
def test_refuses_what_is_not_a_question_as_text(bad):
    with pytest.raises(CourseDataError, match="question as text"):
        spin.classify_question(bad)


@pytest.mark.parametrize("text", ["？", "？？？", "。。。", "……", "！？", "“”", "（）", "、，；：", "——", "《》", "😀😀",
                                  "\u200b", "问", "吗？", "如果", "会", "能"])
def test_punctuation_and_fragments_are_read_without_error(text):
    g = spin.classify_question(text)
    assert g.label in spin.QUESTION_TYPES and cue_parts_in(text, g.cue)


def test_long_chinese_text():
    longest = ("如果打印机能当天修好，" * 100)[: spin.MAX_QUESTION_CHARS]
    for text in (longest, "会" * spin.MAX_QUESTION_CHARS, "如果能" * 333, "多少" * 500):
        assert spin.classify_question(text).label in spin.QUESTION_TYPES
    with pytest.raises(CourseDataError, match="1,000"):
        spin.classify_question("问" * (spin.MAX_QUESTION_CHARS + 1))


# pieces of cues, words that contain cues, punctuation and English, joined at random
PIECES = list("如果能会导致影响满意问题多少帮助好处目前现在不没的了吗？，。！；…“” a?") + [
    "会员", "功能", "可以的话", "贵院", "意味着", "满意度", "慢性病", "would", "help", "\u3000", "\n"]
CHINESE_TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=80).map("".join)


@given(st.one_of(CHINESE_TEXT, st.text(min_size=1, max_size=200)).filter(lambda s: s.strip()))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
def test_chinese_and_mixed_text_never_raises(text):
    g = spin.classify_question(text)
    assert g.label in spin.QUESTION_TYPES and isinstance(g.why, str) and g.why
    assert cue_parts_in(text, g.cue)
    assert (g.cue == "") <= (g.label == "S")  # only a situation question has no cue
