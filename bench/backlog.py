#!/usr/bin/env python3
"""The generated helpdesk export bench/import.sh and bench/postgres.sh import:
ids, English and Chinese titles, a multi-word description, customer
name/email/phone, channel, category, priority and status synonyms,
assignee, team, created/resolved times, tags, and an unmapped region
column that lands in fields. Usage: backlog.py FILE ROWS"""
import random, sys
path, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
titles = ["Cannot log in", "Refund not received", "App crashes on start", "Invoice copy needed",
          "无法登录", "申请退款", "订单未发货", "Password reset", "Order arrived damaged", "发票抬头错误"]
bodies = ["Customer reports the problem since yesterday, tried twice.",
          "订单号：DD{0} 付款三天仍未发货，请尽快处理",
          "Order number: A-{0}, please check the payment status.",
          "Error 503 when opening the dashboard on Chrome."]
names = ["Ann Lee", "张伟", "王芳", "Bob Smith", "李娜", "Carol Jones"]
channels = ["email", "phone", "chat", "web", "电话", "在线客服"]
cats = ["billing", "technical", "account", "logistics"]
prios = ["P1", "high", "normal", "low", "紧急", "普通"]
stats = ["new", "open", "pending", "resolved", "closed", "已解决"]
agents = ["alice", "bob", "carol", "dave", "erin", ""]
teams = ["billing", "tech", "service"]
regions = ["EMEA", "AMER", "APAC"]
base = 1735689600  # 2025-01-01T00:00:00Z
import time
with open(path, "w", encoding="utf-8", newline="") as f:
    w = f.write
    w("id,title,description,customer,email,phone,channel,category,priority,status,assignee,team,created_at,resolved_at,tags,region\n")
    buf = []
    for i in range(n):
        c = base + i * 23
        st = stats[i % 6]
        created = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(c))
        resolved = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(c + 3600 + (i % 97) * 60)) if st in ("resolved", "closed", "已解决") else ""
        body = bodies[i % 4].format(100000 + i)
        buf.append(f"T{i:07d},{titles[i % 10]} #{i},\"{body}\",{names[i % 6]},user{i % 50000}@example.com,138{i % 100000000:08d},"
                   f"{channels[i % 6]},{cats[i % 4]},{prios[i % 6]},{st},{agents[i % 6]},{teams[i % 3]},{created},{resolved},"
                   f"\"tag{i % 7},x\",{regions[i % 3]}\n")
        if len(buf) == 10000:
            w("".join(buf)); buf.clear()
    w("".join(buf))
