"""The fixed records of the CRM lab (case ``crm``): what Huaxin sells, who supplies it, and the
texts its service team and sales people write.

These are not drawn at random: :mod:`crmcourse.cases.crm_lab` copies them into the lab tables
(``crm_suppliers``, ``crm_products``, ``crm_price_lists``, ``crm_faq``) or draws from them
(cities and streets for addresses, product bundles for quote lines, memo texts).

>>> len(PRODUCTS), list(SUPPLIERS.supplier_id[:2])
(31, ['SU-01', 'SU-02'])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmcourse.cases.draws import as_dates

__all__ = ["CITIES", "STREETS", "SUPPLIERS", "PRODUCTS", "BUNDLES", "PRICE_LISTS", "FAQ", "FAQ_STATUS",
           "MEMOS"]

#: Cities of each Huaxin region, for account addresses and phone area codes.
CITIES = {"north": ["Beijing", "Tianjin", "Shijiazhuang"], "northeast": ["Shenyang", "Harbin", "Dalian"],
          "east": ["Shanghai", "Hangzhou", "Nanjing", "Suzhou"], "central": ["Wuhan", "Changsha", "Zhengzhou"],
          "south": ["Guangzhou", "Shenzhen", "Xiamen"], "southwest": ["Chengdu", "Chongqing", "Kunming"]}
#: Street names for the synthetic addresses.
STREETS = ["Renmin", "Jianshe", "Zhongshan", "Heping", "Xinhua", "Jiefang", "Wenhua", "Changjiang",
           "Binhe", "Keji", "Chaoyang", "Huaihai", "Dongfeng", "Yanjiang", "Xueyuan", "Gongye"]

#: Huaxin's six suppliers (the ``crm_suppliers`` table).
SUPPLIERS = pd.DataFrame({
    "supplier_id": ["SU-01", "SU-02", "SU-03", "SU-04", "SU-05", "SU-06"],
    "name": ["Dongfang Imaging Co.", "Jinghua Paper Products", "Tianrun Toner Technology",
             "Kuaiyin Production Systems", "Yunwen Software", "Heng'an Parts and Logistics"],
    "city": ["Shenzhen", "Suzhou", "Zhuhai", "Shanghai", "Hangzhou", "Tianjin"],
    "contact_name": ["Zhou Ming", "Qian Lili", "He Tao", "Song Jiarui", "Fang Yu", "Tang Kai"],
    "phone": ["0755-2681-4420", "0512-6652-0187", "0756-3390-2516", "021-5208-7733", "0571-8861-2045",
              "022-2475-9061"],
    "email": ["sales@dongfang-imaging.example", "orders@jinghua-paper.example", "service@tianrun-toner.example",
              "kam@kuaiyin-ps.example", "partners@yunwen-soft.example", "parts@hengan-logistics.example"],
    "payment_days": [60, 30, 45, 90, 30, 30],
})

#: Huaxin's products (the ``crm_products`` table), as tuples of
#: product_id, name, product line, supplier (None: Huaxin's own service), unit, list price, unit cost, active
PRODUCTS = [
    ("PR-001", "A4 mono MFP 35 ppm", "multifunction printers", "SU-01", "device", 6800, 4900, True),
    ("PR-002", "A4 colour MFP 30 ppm", "multifunction printers", "SU-01", "device", 11800, 8600, True),
    ("PR-003", "A3 mono MFP 45 ppm", "multifunction printers", "SU-01", "device", 24500, 17800, True),
    ("PR-004", "A3 colour MFP 55 ppm", "multifunction printers", "SU-01", "device", 46000, 33500, True),
    ("PR-005", "Finisher with stapler for A3 MFPs", "multifunction printers", "SU-06", "unit", 6200, 4300, True),
    ("PR-006", "Extra paper tray, 500 sheets", "multifunction printers", "SU-06", "unit", 1500, 900, True),
    ("PR-007", "Installation and set-up, per device", "multifunction printers", None, "device", 600, 300, True),
    ("PR-008", "Production colour press 80 ppm", "production printing", "SU-04", "device", 268000, 198000, True),
    ("PR-009", "Production mono press 110 ppm", "production printing", "SU-04", "device", 189000, 139000, True),
    ("PR-010", "Booklet maker", "production printing", "SU-04", "unit", 38000, 27000, True),
    ("PR-011", "Print server and colour controller", "production printing", "SU-04", "unit", 52000, 36000, True),
    ("PR-012", "Managed print service, per device and year", "managed print service", None, "device-year", 3600, 2100, True),
    ("PR-013", "Print fleet assessment", "managed print service", None, "project", 18000, 9000, True),
    ("PR-014", "Secure release printing set-up", "managed print service", None, "site", 12000, 6500, True),
    ("PR-015", "Document management licence, per user", "document software", "SU-05", "licence", 980, 420, True),
    ("PR-016", "Scan-to-workflow licence, per device", "document software", "SU-05", "licence", 2600, 1300, True),
    ("PR-017", "Print accounting software, per site", "document software", "SU-05", "licence", 15800, 7600, True),
    ("PR-018", "Software implementation, per day", "document software", None, "day", 4800, 2400, True),
    ("PR-019", "Maintenance contract, A4 device, per year", "maintenance contract", None, "device-year", 1200, 700, True),
    ("PR-020", "Maintenance contract, A3 device, per year", "maintenance contract", None, "device-year", 2800, 1600, True),
    ("PR-021", "Maintenance contract, production press, per year", "maintenance contract", None, "device-year", 36000, 21000, True),
    ("PR-022", "Repair call outside contract", "maintenance contract", None, "visit", 450, 260, True),
    ("PR-023", "Black toner cartridge, A4", "consumables", "SU-03", "cartridge", 420, 260, True),
    ("PR-024", "Colour toner set, A4 (cyan, magenta, yellow)", "consumables", "SU-03", "set", 1350, 860, True),
    ("PR-025", "Black toner cartridge, A3", "consumables", "SU-03", "cartridge", 680, 420, True),
    ("PR-026", "Colour toner set, A3 (cyan, magenta, yellow)", "consumables", "SU-03", "set", 2100, 1350, True),
    ("PR-027", "Drum unit, A3", "consumables", "SU-03", "unit", 1600, 1000, True),
    ("PR-028", "Copy paper A4 80 g, box of 5 reams", "consumables", "SU-02", "box", 135, 98, True),
    ("PR-029", "Copy paper A3 80 g, box of 5 reams", "consumables", "SU-02", "box", 265, 190, True),
    ("PR-030", "Coated paper SRA3 for production presses, box", "consumables", "SU-02", "box", 520, 360, True),
    ("PR-031", "A4 mono MFP 25 ppm (discontinued)", "multifunction printers", "SU-01", "device", 4900, 3700, False),
]
#: What a deal of each product line is made of: (main products, add-ons as (product, per main unit))
BUNDLES = {
    "multifunction printers": (["PR-001", "PR-002", "PR-003", "PR-004"], [("PR-007", 1.0), ("PR-005", 0.3)]),
    "production printing": (["PR-009", "PR-008"], [("PR-011", 1.0), ("PR-010", 0.5)]),
    "managed print service": (["PR-012"], [("PR-013", 0.02), ("PR-014", 0.01)]),
    "document software": (["PR-015", "PR-016", "PR-017"], [("PR-018", 0.05)]),
    "maintenance contract": (["PR-019", "PR-020", "PR-021"], []),
    "consumables": (["PR-023", "PR-025", "PR-024", "PR-026"], [("PR-028", 4.0), ("PR-027", 0.05)]),
}
#: Huaxin's four price lists of 2025 (the ``crm_price_lists`` table).
PRICE_LISTS = pd.DataFrame({
    "price_list_id": ["PL-1", "PL-2", "PL-3", "PL-4"],
    "name": ["Standard 2025", "Key accounts 2025", "Education and health 2025", "Dealer wholesale 2025"],
    "description": ["List prices for all customers", "Contract prices for Huaxin's 20 largest accounts",
                    "Prices for schools and hospitals (hardware and software)",
                    "Wholesale prices for resellers buying to sell on"],
    "valid_from": as_dates(np.array(["2025-01-01"] * 4, dtype="datetime64[D]")),
    "valid_to": as_dates(np.array(["2025-12-31"] * 4, dtype="datetime64[D]")),
    "active": [True, True, True, True],
})
#: The service FAQ: (category, product or None, question, answer).
FAQ = [
    ("installation", "PR-007", "How long does installing a new MFP take?",
     "About two hours per device, including network set-up, scan destinations and a short user briefing."),
    ("installation", None, "Can you install outside office hours?",
     "Yes. Evening and weekend installations are booked through your account manager at least five working days ahead."),
    ("breakdown", None, "The display shows an error code. What should I do first?",
     "Switch the device off for 30 seconds and back on. If the code returns, note it and open a ticket; the code tells the engineer which part to bring."),
    ("breakdown", "PR-020", "How fast does an engineer come under an A3 maintenance contract?",
     "Within eight working hours in first- and second-tier cities, and by the next working day elsewhere."),
    ("print quality", None, "Prints show pale stripes along the page.",
     "Shake the toner cartridge gently and run the cleaning routine from the maintenance menu. If stripes remain, the drum may need replacing."),
    ("print quality", "PR-027", "When should the drum unit be replaced?",
     "The device warns at 90% of the drum's life. Order a new drum then; most drums last about 80,000 A3 pages."),
    ("consumables", "PR-023", "How do I order toner?",
     "Reply to the low-toner e-mail the device sends, call the hotline, or order in the customer portal. Contract customers receive toner automatically."),
    ("consumables", None, "What do I do with empty cartridges?",
     "Keep them in the return box delivered with your toner; our driver collects it at the next delivery, free of charge."),
    ("consumables", "PR-028", "Which paper weights can the A4 devices take?",
     "60 to 163 g per square metre from the trays and up to 220 g from the bypass tray."),
    ("billing", None, "Why does my invoice show a page-count charge?",
     "Managed print contracts include a page volume. Pages above it are billed at the contract rate per page at the end of each quarter."),
    ("billing", None, "Can invoices be sent to a different address?",
     "Yes. Ask service to change the billing address on your account; orders keep their own shipping address."),
    ("software", "PR-016", "The print accounting report is empty.",
     "Check that the devices are registered in the software and that the collection service is running; reports fill the next morning."),
    ("software", "PR-015", "Can users log in with their office account?",
     "Yes, the document management software supports the common directory services. Our implementation team sets it up."),
    ("training", None, "Is user training included?",
     "A 30-minute briefing per device is included in the installation. Longer courses for key users are sold per day."),
    ("training", "PR-008", "Who can operate the production press?",
     "Operators who completed the two-day press course. Huaxin runs the course on site after installation."),
    ("breakdown", "PR-031", "Is the discontinued 25 ppm model still repaired?",
     "Yes, until the end of 2026. Spare parts after that date cannot be guaranteed; ask for a trade-in offer."),
]
#: The status of each FAQ entry, in order.
FAQ_STATUS = ["published"] * 13 + ["draft", "draft", "obsolete"]
#: Account memos sales people write: (title, note).
MEMOS = [
    ("Budget year", "The customer's budget year starts in April; proposals must arrive before the end of February."),
    ("Tender rules", "Purchases above 200,000 CNY go through a public tender; register as a supplier in time."),
    ("Decision makers", "The new head of administration wants to see total cost of ownership, not device prices."),
    ("Competitor", "A competitor offered free toner for the first year. Do not match on price; show service response times."),
    ("Visit report", "Visited the print room. Three old devices jam daily; users print to the copier on another floor."),
    ("Service complaint", "The customer complained about a late engineer in March. Service manager called back and apologised."),
    ("Payment", "Invoices need the purchase order number, otherwise finance sends them back."),
    ("Reference", "Happy to act as a reference for other hospitals in the region."),
    ("Expansion", "A new campus opens next year; expect a request for 20 to 30 devices."),
    ("Contract renewal", "Maintenance contract ends in the autumn; start the renewal talk three months before."),
    ("Security", "IT insists on secure release printing for all devices in the finance department."),
    ("Key dates", "The general manager's office prefers meetings on Tuesday mornings."),
]

