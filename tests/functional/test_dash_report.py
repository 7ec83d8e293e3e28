"""Report downloads against the real binary: /v1/chats/{chat_id}/report as JSON, CSV and xlsx
(read back cell by cell from the workbook's XML), and the dashboard's own, scoped to the account."""

import io
import re
import unittest
import xml.etree.ElementTree as ET
import zipfile

from dash_support import SECRET, add_user, call, logged_in
from harness import ServerTest

TOKEN = "report-token"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx(data):
    """{sheet name: [[cell values]]}: strings as text, numbers as floats, with each cell's style."""
    book = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    names = [s.get("name") for s in workbook.find("m:sheets", NS)]
    sheets = {}
    for i, name in enumerate(names, start=1):
        root = ET.fromstring(book.read("xl/worksheets/sheet%d.xml" % i))
        rows = []
        for row in root.iter("{%s}row" % NS["m"]):
            cells = []
            for c in row.findall("m:c", NS):
                v = c.find("m:v", NS)
                col = re.match(r"[A-Z]+", c.get("r")).group(0)
                index = 0
                for ch in col:
                    index = index * 26 + ord(ch) - 64
                while len(cells) < index - 1:
                    cells.append(None)
                if v is None:
                    cells.append(None)
                elif c.get("t") == "s":
                    cells.append(shared[int(v.text)])
                elif c.get("t") == "b":
                    cells.append(v.text == "1")
                else:
                    cells.append(float(v.text))
            rows.append(cells)
        sheets[name] = rows
    return sheets


class ReportTest(ServerTest):
    def setUp(self):
        self.s = self.server(env={"LINLI_GENERIC_SECRET": SECRET, "LINLI_API_TOKEN": TOKEN})
        # The third sender's id is what a spreadsheet would run as a formula: ids, names and
        # items are all the sender's to choose.
        for mid, text, sender in [("m1", "3号楼2单元501 需要 硝苯地平 2盒 共59.90元", "u1"),
                                  ("m2", "5-1-1202 求购 大米10斤 共35元", "u1"),
                                  ("m3", "12栋602 需要 口罩", "=HYPERLINK(\"x\")")]:
            status, body = self.s.post_message("g1", mid, text, sender_id=sender, secret=SECRET)
            self.assertEqual(status, 200, body)

    def get(self, path, headers=None):
        h = {"Authorization": "Bearer " + TOKEN}
        h.update(headers or {})
        return call(self.s, "GET", path, headers=h)

    def test_json_csv_and_xlsx_agree(self):
        self.assertEqual(call(self.s, "GET", "/v1/chats/g1/report").status, 401)
        self.assertEqual(self.get("/v1/chats/g1/report?format=pdf").status, 400)
        doc = self.get("/v1/chats/g1/report").json()
        names = [s["name"] for s in doc["sections"]]
        self.assertEqual(names, ["requests", "by_building", "by_item", "by_category", "offers",
                                 "group_buys", "donations"])
        requests = doc["sections"][0]
        self.assertEqual(len(requests["rows"]), 3)

        csv = self.get("/v1/chats/g1/report?format=csv")
        self.assertEqual(csv.status, 200)
        self.assertTrue(csv.headers["content-type"].startswith("text/csv"))
        self.assertEqual(len(csv.raw.decode("utf-8-sig").strip().split("\r\n")), 4)

        x = self.get("/v1/chats/g1/report?format=xlsx")
        self.assertEqual(x.status, 200, x.raw[:200])
        self.assertIn("spreadsheetml", x.headers["content-type"])
        sheets = read_xlsx(x.raw)
        self.assertEqual(list(sheets),
                         ["需求", "按楼栋", "按物品", "按类别", "互助", "团购订货单", "募捐"])
        sheet = sheets["需求"]
        self.assertEqual(sheet[0], requests["columns"])
        amount = requests["columns"].index("amount_cents")
        self.assertEqual(sheet[1][amount], 59.9)  # yuan, a number
        self.assertEqual(sheet[2][amount], 35.0)
        # Text a spreadsheet would run as a formula is written inert, as in the CSV.
        texts = [c for row in sheet for c in row if isinstance(c, str)]
        self.assertFalse(any(t.startswith("=") for t in texts), texts)
        self.assertTrue(any(t.startswith("'=") for t in texts), texts)

    def test_the_group_buys_order_sheet_and_the_donors_are_sheets_of_their_own(self):
        for mid, text, sender, role in [("b1", "/团购 蔬菜包 68元/份", "boss", "admin"),
                                        ("b2", "3-1-201 2份", "u1", None),
                                        ("b3", "12-1-101 1份", "u2", None),
                                        ("b4", "/募捐 500 防疫物资", "boss", "admin"),
                                        ("b5", "捐 200", "u1", None)]:
            status, body = self.s.post_message("g1", mid, text, sender_id=sender, name=sender,
                                               role=role, secret=SECRET)
            self.assertEqual(status, 200, body)
        sheets = read_xlsx(self.get("/v1/chats/g1/report?format=xlsx").raw)
        self.assertEqual(sheets["团购订货单"][0],
                         ["building", "household", "name", "items", "amount_cents"])
        self.assertEqual(sheets["团购订货单"][1:],
                         [["3", "3-1-201", "u1", "蔬菜包 2份", 136.0],
                          ["12", "12-1-101", "u2", "蔬菜包 1份", 68.0]])
        self.assertEqual(sheets["募捐"][1:], [["u1", 1.0, 200.0]])

    def test_the_dashboards_download_is_scoped_to_the_account(self):
        add_user(self, self.s.db, "wang", ["g1"])
        cookie = logged_in(self, self.s, "wang")
        mine = call(self.s, "GET", "/dash/api/chats/g1/report?format=xlsx",
                    headers={"Cookie": cookie})
        self.assertEqual(mine.status, 200)
        self.assertIn("需求", read_xlsx(mine.raw))
        self.assertEqual(call(self.s, "GET", "/dash/api/chats/g2/report",
                              headers={"Cookie": cookie}).status, 403)
        self.assertEqual(call(self.s, "GET", "/dash/api/chats/g1/report").status, 401)


if __name__ == "__main__":
    unittest.main()
