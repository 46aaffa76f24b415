#!/usr/bin/env python3
"""Generate the binary evidence files (docx, xlsx, odt, pdf) of the example organisations.

The output is byte-stable: every document property and every zip timestamp is fixed, so running the script
twice produces identical files (check with sha256sum). Nothing here reads the wall clock.

Requirements (a virtual environment is recommended):
    python3 -m venv /tmp/iso20k-venv
    /tmp/iso20k-venv/bin/pip install python-docx openpyxl fpdf2 odfpy

Usage (from the repository root or anywhere):
    /tmp/iso20k-venv/bin/python evidence-examples/tools/make_binaries.py

Written with python-docx 1.2, openpyxl 3.1, fpdf2 2.8 and odfpy 1.4. Other versions may produce different
(but still internally stable) bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from fpdf import FPDF
from odf import dc, meta
from odf.opendocument import OpenDocumentText
from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, P
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.writer.excel import ExcelWriter

ROOT = Path(__file__).resolve().parent.parent
BW = ROOT / "brightwater-msp"

# One fixed timestamp for every zip member; MS-DOS zip times cannot go below 1980.
ZIP_TIME = (2026, 10, 31, 12, 0, 0)


# --------------------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------------------


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip (docx/xlsx/odt) with fixed timestamps, attributes and member order.

    The ODF `mimetype` member must stay first and uncompressed.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    if "mimetype" in names:
        names = ["mimetype"] + [n for n in names if n != "mimetype"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")


def utc(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, 0)


# --------------------------------------------------------------------------------------------------------------
# docx
# --------------------------------------------------------------------------------------------------------------


def new_docx(title: str, author: str, subject: str, keywords: str, category: str,
             created: dt.datetime, modified: dt.datetime, revision: int) -> docx.document.Document:
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    cp = d.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.subject = subject
    cp.keywords = keywords
    cp.category = category
    cp.comments = ""
    cp.created = created
    cp.modified = modified
    cp.last_printed = modified
    cp.revision = revision
    cp.language = "en-GB"
    return d


def table(d, header: list[str], rows: list[list[str]]) -> None:
    t = d.add_table(rows=1, cols=len(header))
    t.style = "Light Grid Accent 1"
    for i, h in enumerate(header):
        cell = t.rows[0].cells[i]
        cell.text = h
        for r in cell.paragraphs[0].runs:
            r.bold = True
    for row in rows:
        cells = t.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = v
    d.add_paragraph()


def save_docx(d, path: Path) -> None:
    buf = io.BytesIO()
    d.save(buf)
    write(path, normalise_zip(buf.getvalue()))


def sla_pennine_freight() -> None:
    d = new_docx(
        title="Service Level Agreement - Pennine Freight Ltd",
        author="Emma Clarke",
        subject="SLA for managed services provided by Brightwater Managed Services Ltd to Pennine Freight Ltd",
        keywords="SLA; service level agreement; Pennine Freight; BW-AGR-002",
        category="Agreement",
        created=utc(2026, 3, 9), modified=utc(2026, 8, 26, 16, 30), revision=7,
    )
    d.add_heading("Service Level Agreement - Pennine Freight Ltd", level=0)
    p = d.add_paragraph()
    p.add_run("Document ID: BW-AGR-002    Version: 2.1    Status: Approved\n").bold = True
    p.add_run("Owner: Head of Customer Success    Approved on: 2026-08-26    Effective: 2026-09-01    "
              "Review due: 2027-03-31")

    d.add_heading("1. Parties and purpose", level=1)
    d.add_paragraph(
        "This service level agreement (SLA) is made between Brightwater Managed Services Ltd (\"Brightwater\") "
        "and Pennine Freight Ltd (\"PFL\") under the Master Services Agreement dated 1 April 2024. It sets out "
        "the services Brightwater provides to PFL, the service level targets, the workload limits within which "
        "the targets apply, the exceptions, and the responsibilities of both parties.")

    d.add_heading("2. Services covered", level=1)
    table(d, ["Catalogue ref", "Service", "Scope of agreement / volumes"], [
        ["BW-S01", "24x7 Service Desk", "1,100 users at head office and 14 depots"],
        ["BW-S02", "Managed Infrastructure - 24x7 tier", "112 VMs incl. warehouse management system (WMS); 84 TB"],
        ["BW-S03", "Managed Network and Connectivity", "14 depots, head office, MAN1/LDS2 data centre links"],
        ["BW-S04", "Managed Backup and Recovery", "All PFL VMs; 45-day immutable copy"],
        ["BW-S05", "Microsoft 365 and Identity Administration", "1,100 users; 600 shared devices"],
    ])
    d.add_paragraph("Service descriptions and intended outcomes are those of the Brightwater service catalogue "
                    "(BW-AGR-001) current at the date of this agreement.")

    d.add_heading("3. Service hours and critical services", level=1)
    d.add_paragraph("All services are provided 24 hours a day, 7 days a week, because PFL depots operate "
                    "around the clock. Critical services: WMS, depot WAN connectivity and handheld scanning.")

    d.add_heading("4. Service level targets", level=1)
    table(d, ["Measure", "Service level target", "Measurement"], [
        ["Availability - WMS platform (BW-S02)", "99.95% per month", "PRTG synthetic checks, 60 s"],
        ["Availability - depot WAN (each depot)", "99.95% per month (dual path or 4G failover)", "PRTG"],
        ["Availability - other infrastructure", "99.9% per month", "PRTG"],
        ["P1 response time / resolution time", "15 minutes / 4 hours, 24x7", "Kinetic ITSM SLA clock"],
        ["P2 response time / resolution time", "30 minutes / 8 hours, 24x7", "Kinetic ITSM SLA clock"],
        ["P3 resolution time", "1 business day", "Kinetic ITSM"],
        ["P4 resolution time", "3 business days", "Kinetic ITSM"],
        ["Calls answered within 30 seconds", "90%", "Telephony platform"],
        ["Standard requests fulfilled within target", "92%", "Kinetic ITSM"],
        ["Backup job success", "99.5%", "Veeam reports"],
        ["Restore of a VM (RTO) / data loss (RPO) on DR invocation", "4 hours / 15 minutes", "Continuity test"],
    ])

    d.add_heading("5. Workload limits", level=1)
    d.add_paragraph("The targets apply up to these workload limits. Above them Brightwater will use reasonable "
                    "endeavours and the parties will agree a change to the services schedule.")
    for item in [
        "Maximum number of service desk contacts: 2,600 per month, and 4,000 in November and December (peak).",
        "New starter requests: 120 per month (seasonal peak 250 in October and November).",
        "Compute and storage growth up to 10% per quarter without notice; larger growth needs 60 days' notice.",
        "New sites: notified 90 days before opening.",
    ]:
        d.add_paragraph(item, style="List Bullet")

    d.add_heading("6. Exceptions and exclusions", level=1)
    for item in [
        "Planned maintenance in the agreed windows (second and third Saturday 22:00-04:00), notified 5 working "
        "days in advance; a change freeze applies from 1 to 31 December.",
        "Faults caused by PFL staff, PFL equipment not managed by Brightwater or PFL's other suppliers.",
        "Microsoft 365 service outages (Microsoft's own service level applies).",
        "Force majeure and periods during which the service continuity plan is invoked (reduced service levels "
        "as stated in the plan).",
    ]:
        d.add_paragraph(item, style="List Bullet")

    d.add_heading("7. Customer responsibilities", level=1)
    d.add_paragraph("PFL will: name authorised approvers; provide depot IT coordinators under the customer "
                    "supplier agreement BW-AGR-005; give notice of business changes; attend monthly service "
                    "reviews; keep the 4G failover routers powered and accessible.")

    d.add_heading("8. Service credits", level=1)
    table(d, ["Target missed", "Service credit"], [
        ["WMS availability below 99.95%", "5% of monthly BW-S02 charge"],
        ["WMS availability below 99.5%", "15% of monthly BW-S02 charge"],
        ["Depot WAN availability below 99.95% at any depot", "3% of that depot's monthly BW-S03 charge"],
        ["P1 resolution target missed", "2% of monthly BW-S01 charge per incident"],
    ])
    d.add_paragraph("Service credits are capped at 20% of the monthly charges and are the customer's sole "
                    "financial remedy for missed service levels.")

    d.add_heading("9. Reporting and review", level=1)
    d.add_paragraph("Brightwater provides a flash service report on the last day of each month and the full "
                    "monthly service report by the 5th working day. A service review meeting is held monthly and "
                    "a quarterly business review each quarter. This SLA is reviewed at least annually and after "
                    "any major incident affecting critical services.")

    d.add_heading("10. Version history", level=1)
    table(d, ["Version", "Date", "Change"], [
        ["1.0", "2024-04-01", "Initial SLA"],
        ["1.1", "2025-03-28", "Annual review; added BW-S05"],
        ["2.0", "2026-03-24", "Annual review; P3/P4 targets tightened; peak workload limits added"],
        ["2.1", "2026-08-26", "SLA review after MI-2026-004: depot WAN target tied to dual path or 4G "
                              "failover; service credit per depot"],
    ])

    d.add_heading("11. Signatures", level=1)
    table(d, ["For Pennine Freight Ltd", "For Brightwater Managed Services Ltd"], [
        ["Karen Holt, Head of IT", "Emma Clarke, Head of Customer Success"],
        ["Signed 26 August 2026", "Signed 26 August 2026"],
    ])
    save_docx(d, BW / "05 Agreements" / "Customers" / "SLA - Pennine Freight Ltd.docx")


def contract_vantage_fibre() -> None:
    d = new_docx(
        title="Supplier Contract - Vantage Fibre Networks",
        author="Gareth Lloyd",
        subject="Underpinning contract for WAN and internet services (VFN-2025-117)",
        keywords="supplier contract; underpinning contract; Vantage Fibre; BW-AGR-012",
        category="Contract",
        created=utc(2025, 2, 10), modified=utc(2025, 3, 21, 11, 15), revision=12,
    )
    d.add_heading("Network Services Agreement VFN-2025-117", level=0)
    d.add_paragraph("Between Vantage Fibre Networks Ltd (\"the Supplier\") and Brightwater Managed Services Ltd "
                    "(\"the Customer\"). Contract owner for Brightwater: Commercial Manager. "
                    "Document ID BW-AGR-012, version 2.0, approved 2025-03-21.")

    d.add_heading("1. Contract term", level=1)
    d.add_paragraph("The contract term runs from 1 April 2025 to 31 March 2028 and renews for 12-month periods "
                    "unless either party gives 6 months' notice. The contract is reviewed annually by the "
                    "parties, including alignment with the Customer's service level agreements.")

    d.add_heading("2. Scope of services", level=1)
    d.add_paragraph("The services provided are: Ethernet WAN circuits between the Customer's data centre suites "
                    "(Northgate MAN1 and LDS2) and its customers' sites; dedicated internet access at MAN1 and "
                    "LDS2; 24x7 network operations centre and fault management. Deliverables per circuit are "
                    "set out in the order form for that circuit.")

    d.add_heading("3. Service levels and service credits (Schedule 2)", level=1)
    table(d, ["Key performance indicator", "Performance target", "Service credit"], [
        ["Availability - core and data centre circuits", "99.99% per month", "10% of monthly circuit charge per 0.05% below"],
        ["Availability - customer site circuits", "99.9% per month", "5% of monthly circuit charge per 0.1% below"],
        ["Fault response (acknowledge)", "15 minutes, 24x7", "-"],
        ["Time to repair - priority 1", "4 hours", "25% of monthly circuit charge"],
        ["Engineer on site at point of presence - priority 1", "1 hour", "-"],
        ["Planned works notice", "10 working days", "-"],
    ])

    d.add_heading("4. Responsibilities, points of contact and escalation", level=1)
    d.add_paragraph("Faults are exchanged through ticket integration between the Supplier's portal and the "
                    "Customer's Kinetic ITSM. Supplier obligations include: keeping the Customer informed every "
                    "30 minutes during a priority 1 fault, joining the Customer's major incident bridge on "
                    "request, and providing a root cause report within 5 working days.")
    table(d, ["Level", "Supplier", "Brightwater"], [
        ["1", "NOC duty engineer", "Network Services on-call engineer"],
        ["2", "NOC shift manager", "Network Services Lead"],
        ["3", "Head of Service", "Commercial Manager / Operations Director"],
    ])

    d.add_heading("5. Information security, confidentiality and data protection (Schedule 4)", level=1)
    for item in [
        "The Supplier maintains ISO/IEC 27001 certification for its network operations and provides the "
        "certificate annually.",
        "Security clauses: supplier access to Customer-managed equipment only through the Customer's brokered "
        "remote access with named accounts and MFA; no third-party access without approval.",
        "The Supplier notifies the Customer of any security incident affecting the services within 24 hours.",
        "Confidentiality obligations survive termination for 5 years. The Supplier does not process personal "
        "data on behalf of the Customer beyond contact details; no data processing agreement is required.",
        "Right to audit: the Customer may audit the Supplier's compliance with this schedule once a year.",
    ]:
        d.add_paragraph(item, style="List Bullet")

    d.add_heading("6. Contract change", level=1)
    d.add_paragraph("Changes to this contract are made by a written contract change note signed by both parties. "
                    "New circuits are added by order forms under this agreement.")

    d.add_heading("7. Dispute resolution", level=1)
    d.add_paragraph("Disputes are escalated through the levels in section 4; if not resolved within 20 working "
                    "days they are referred to senior executives, then to mediation under the CEDR model "
                    "procedure before any court proceedings.")

    d.add_heading("8. Termination and exit", level=1)
    d.add_paragraph("Either party may terminate for material breach not remedied within 30 days. The Customer may "
                    "terminate a circuit if its availability falls below 99.5% in three consecutive months. On exit "
                    "the Supplier provides reasonable assistance for up to 6 months to transfer circuits to a new "
                    "provider without interruption.")

    d.add_heading("9. Signatures", level=1)
    table(d, ["For Vantage Fibre Networks Ltd", "For Brightwater Managed Services Ltd"], [
        ["Richard Ames, Commercial Director", "David Okafor, Operations Director"],
        ["Signed 21 March 2025", "Signed 21 March 2025"],
    ])
    save_docx(d, BW / "05 Agreements" / "Suppliers" / "Supplier Contract - Vantage Fibre Networks.docx")


# --------------------------------------------------------------------------------------------------------------
# xlsx
# --------------------------------------------------------------------------------------------------------------

HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="1F4E78")


def sheet(ws, header: list[str], rows: list[list], widths: list[int]) -> None:
    ws.append(header)
    for c in ws[1]:
        c.font = HEAD_FONT
        c.fill = HEAD_FILL
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append(r)
    for i, w in enumerate(widths):
        ws.column_dimensions[ws.cell(row=1, column=i + 1).column_letter].width = w
    ws.freeze_panes = "A2"
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, dt.date):
                c.number_format = "yyyy-mm-dd"
            c.alignment = Alignment(wrap_text=True, vertical="top")


def save_xlsx(wb: Workbook, path: Path, created: dt.datetime, modified: dt.datetime) -> None:
    wb.properties.created = created
    wb.properties.modified = modified
    buf = io.BytesIO()
    # ExcelWriter is used directly because openpyxl's save_workbook() stamps the current time into
    # docProps/core.xml.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    write(path, normalise_zip(buf.getvalue()))


def risk_register() -> None:
    D = dt.date
    wb = Workbook()
    ws = wb.active
    ws.title = "Risk Register"
    header = ["Risk ID", "Date Raised", "Category", "Risk Description", "Impact on Customers", "Risk Owner",
              "Likelihood (1-5)", "Impact (1-5)", "Inherent Score", "Rating", "Treatment Option",
              "Risk Treatment Actions", "Action Owner", "Due Date", "Priority", "Residual Likelihood",
              "Residual Impact", "Residual Risk", "Effectiveness of Actions", "Last Reviewed", "Status"]
    R = [
        ["R-001", D(2024, 5, 14), "Other party / supplier risk", "Single colocation provider (Northgate) for both MAN1 and LDS2",
         "Loss of both suites would stop BW-S02/S03/S04 for all customers", "Operations Director", 1, 5, 5, "Low",
         "Accept the risk (with mitigation)", "Northgate sites on separate power grids and 40 km apart; annual site visit; exit plan in contract",
         "Commercial Manager", D(2026, 6, 30), "Medium", 1, 5, 5, "Effective - visit 2026-06-11 satisfactory", D(2026, 9, 30), "Open"],
        ["R-002", D(2024, 5, 14), "Service requirement risk", "Failure to meet P1 resolution SLA due to slow engagement of resolver groups",
         "SLA breach, service credits, customer dissatisfaction", "Service Desk Manager", 4, 3, 12, "High",
         "Mitigate", "Auto-paging for P1 (IMP-2026-014); Duty Manager rota of 6", "Tom Ashworth", D(2026, 7, 31), "High",
         3, 3, 9, "Partly effective - O1 at 93.8%", D(2026, 9, 30), "Open"],
        ["R-003", D(2024, 5, 14), "Information security risk", "Ransomware in shared infrastructure",
         "Loss of service and data for several customers", "Information Security Manager", 3, 5, 15, "High",
         "Mitigate", "MFA, PAWs, immutable backups, 24x7 monitoring, patching", "Aisha Khan", D(2026, 12, 31), "High",
         2, 4, 8, "Effective - SEC-2026-008 contained in 14 min", D(2026, 9, 30), "Open"],
        ["R-004", D(2024, 11, 4), "Service requirement risk", "Single WAN path to customer sites and depots",
         "Depot outages; SLA breach (realised in MI-2026-004)", "Network Services Lead", 4, 3, 12, "High",
         "Mitigate", "4G failover for all PFL depots; second WAN path CHG-2026-0472", "Samuel Mensah", D(2026, 12, 15), "High",
         2, 4, 8, "Actions in progress", D(2026, 9, 30), "Open"],
        ["R-005", D(2024, 11, 4), "Organisational risk", "Only two senior network engineers (key person dependency)",
         "Slow resolution of complex network incidents", "Operations Director", 3, 3, 9, "Medium",
         "Mitigate", "Recruit one network engineer (MR-26-10-1); cross-training of two infrastructure engineers", "David Okafor", D(2026, 12, 31), "Medium",
         2, 3, 6, "Not yet assessed", D(2026, 9, 30), "Open"],
        ["R-006", D(2025, 9, 1), "Service requirement risk", "LDS2 storage array end of support December 2026",
         "No vendor support for DR copies; reduced DR capability", "Capacity and Availability Manager", 3, 4, 12, "High",
         "Mitigate", "Replace array (CHG-2026-0479), capex approved", "Owen Hughes", D(2026, 12, 15), "High",
         1, 4, 4, "Scheduled", D(2026, 9, 30), "Open"],
        ["R-007", D(2024, 5, 14), "Service requirement risk", "Backup failures not detected",
         "Data unrecoverable at RPO", "Infrastructure Operations Manager", 2, 4, 8, "Medium",
         "Mitigate", "Daily backup report review; weekly restore tests", "Rajesh Patel", D(2026, 3, 31), "Medium",
         1, 4, 4, "Effective - 13 of 13 restore tests passed Q3", D(2026, 9, 30), "Open"],
        ["R-008", D(2025, 2, 10), "Organisational risk", "Certification audit not passed at first attempt",
         "Loss of tenders requiring ISO/IEC 20000-1", "SMS Manager", 2, 4, 8, "Medium",
         "Mitigate", "Audit programme, pre-certification audit IA-2026-04", "Claire Whitfield", D(2026, 12, 11), "High",
         2, 3, 6, "On track", D(2026, 9, 30), "Open"],
        ["R-009", D(2024, 5, 14), "Information security risk", "Customer data exposed through lost or stolen media",
         "Data protection breach", "Information Security Manager", 2, 4, 8, "Medium",
         "Mitigate", "Encryption at rest; certified disposal with certificates", "Lucy Chen", D(2026, 3, 31), "Medium",
         1, 4, 4, "Effective", D(2026, 9, 30), "Open"],
        ["R-011", D(2025, 2, 10), "Other party / supplier risk", "Supplier remote access misused or compromised",
         "Unauthorised change or data access", "Information Security Manager", 2, 4, 8, "Medium",
         "Mitigate", "Brokered remote access, session recording, supplier security clauses", "Aisha Khan", D(2026, 6, 30), "Medium",
         2, 3, 6, "Effective - SEC-2026-007 handled", D(2026, 9, 30), "Open"],
        ["R-012", D(2025, 2, 10), "Other party / supplier risk", "Physical security failure at data centre",
         "Tampering or theft of equipment", "Commercial Manager", 1, 4, 4, "Low",
         "Transfer", "Contract obligations on Northgate; ISO/IEC 27001 certificate; insurance", "Gareth Lloyd", D(2026, 6, 30), "Low",
         1, 4, 4, "Effective", D(2026, 9, 30), "Open"],
        ["R-013", D(2025, 2, 10), "Service requirement risk", "Service desk demand peak exceeds staffing (January)",
         "Calls answered target missed", "Service Desk Manager", 3, 2, 6, "Medium",
         "Mitigate", "Two seasonal contractors Dec-Feb; self-service MFA reset", "Tom Ashworth", D(2026, 12, 1), "Medium",
         2, 2, 4, "Planned", D(2026, 9, 30), "Open"],
        ["R-014", D(2026, 2, 9), "Climate-related risk", "Heatwave causing data centre cooling failure (physical risk of climate change)",
         "Thermal shutdown of MAN1 equipment", "Operations Director", 2, 5, 10, "Medium",
         "Mitigate", "Northgate cooling N+1 and heatwave procedure; temperature alerts in PRTG; continuity failover", "Rajesh Patel", D(2026, 6, 30), "Medium",
         1, 5, 5, "Effective - July 2026 alarm handled", D(2026, 9, 30), "Open"],
        ["R-015", D(2026, 2, 9), "Climate-related risk", "Flooding at Leeds Dock (LDS2) during extreme weather",
         "Loss of DR site", "Operations Director", 2, 4, 8, "Medium",
         "Accept the risk", "Within risk appetite; Northgate flood defences; monitored annually", "David Okafor", D(2027, 2, 28), "Low",
         2, 4, 8, "Accepted by Operations Director 2026-02-09", D(2026, 9, 30), "Open"],
        ["R-016", D(2026, 4, 22), "Organisational risk", "Rising energy costs increase colocation charges",
         "Price increases to customers", "Finance Director", 4, 2, 8, "Medium",
         "Transfer", "Energy indexation clauses in customer contracts", "Priya Raman", D(2026, 9, 30), "Low",
         4, 1, 4, "Effective - clause in all renewals since May", D(2026, 9, 30), "Open"],
        ["R-017", D(2026, 4, 22), "Information security risk", "Phishing of service desk to reset admin credentials",
         "Account takeover of customer admin", "Information Security Manager", 3, 4, 12, "High",
         "Mitigate", "Callback verification; admin resets only by second line; targeted awareness (IMP-2026-029)", "Aisha Khan", D(2026, 12, 31), "High",
         2, 3, 6, "Partly effective - click rate 4.1%", D(2026, 9, 30), "Open"],
        ["R-018", D(2026, 7, 1), "Other party / supplier risk", "Hardware maintenance contract (Pickering) expires 2026-12-31",
         "No 4-hour onsite cover", "Commercial Manager", 2, 3, 6, "Medium",
         "Mitigate", "Renewal negotiation started; fallback quote obtained", "Gareth Lloyd", D(2026, 12, 15), "Medium",
         1, 3, 3, "In progress", D(2026, 9, 30), "Open"],
        ["R-019", D(2026, 9, 30), "Service requirement risk", "Customer-managed assets outside our monitoring (from SEC-2026-008)",
         "Undetected compromise spreading into managed estate", "Information Security Manager", 3, 4, 12, "High",
         "Mitigate", "Onboard customer jump hosts (PRB-2026-016); contract terms (MR-26-10-4)", "Aisha Khan", D(2026, 11, 30), "High",
         2, 3, 6, "Actions in progress", D(2026, 9, 30), "Open"],
        ["R-010", D(2024, 5, 14), "Organisational risk", "ITSM tool licence lapse", "Loss of ticketing", "Configuration and Asset Manager",
         1, 4, 4, "Low", "Avoid", "Moved to multi-year subscription with auto-renewal", "Lucy Chen", D(2025, 1, 31), "Low",
         1, 1, 1, "Effective - risk closed", D(2026, 3, 31), "Closed"],
    ]
    R.sort(key=lambda r: r[0])
    sheet(ws, header, R, [8, 12, 22, 45, 35, 26, 10, 10, 10, 9, 20, 50, 20, 12, 9, 10, 10, 10, 32, 12, 9])

    ws2 = wb.create_sheet("Opportunities")
    sheet(ws2, ["Opportunity ID", "Date Raised", "Opportunity", "Benefit (1-5)", "Owner", "Decision", "Improvement Ref", "Last Reviewed"], [
        ["O-001", D(2026, 2, 9), "Azure workload backup option for BW-S04", 4, "Rajesh Patel", "Pursue - approved at portfolio review", "CHG-2026-0406", D(2026, 9, 30)],
        ["O-002", D(2026, 2, 9), "Automate standard changes for VM builds", 3, "Sarah Lindqvist", "Pursue in FY2027-28", "-", D(2026, 9, 30)],
        ["O-003", D(2026, 4, 22), "Second WAN supplier for diversity", 3, "Gareth Lloyd", "Evaluate at Vantage Fibre renewal", "-", D(2026, 9, 30)],
        ["O-004", D(2026, 9, 30), "Emissions reporting as a value-added service", 2, "Priya Raman", "Pursue (MR-26-10-5)", "-", D(2026, 9, 30)],
    ], [14, 12, 50, 12, 18, 36, 16, 12])

    ws3 = wb.create_sheet("Scoring Key")
    sheet(ws3, ["Score", "Rating", "Acceptance"], [
        ["1-5", "Low", "Risk owner may accept"],
        ["6-11", "Medium", "Treatment within 6 months"],
        ["12-19", "High", "Operations Director approves plan"],
        ["20-25", "Critical", "Escalate to Managing Director"],
    ], [10, 10, 40])

    wb.properties.title = "SMS Risk Register"
    wb.properties.creator = "Claire Whitfield"
    wb.properties.lastModifiedBy = "Claire Whitfield"
    wb.properties.subject = "Risks and opportunities of the Brightwater SMS (BW-GOV-009)"
    wb.properties.keywords = "risk register; risk treatment; opportunities"
    wb.properties.category = "Register"
    save_xlsx(wb, BW / "01 Governance" / "SMS Risk Register.xlsx",
              created=utc(2024, 5, 14), modified=utc(2026, 9, 30, 17, 5))


def competence_matrix() -> None:
    D = dt.date
    wb = Workbook()
    ws = wb.active
    ws.title = "Role Requirements"
    sheet(ws, ["Role", "Required Skills", "Qualification / Certification", "Experience", "Mandatory Training", "Requirement Last Reviewed"], [
        ["Service Desk Analyst", "Customer service; Windows and M365 first-line fixes; ITSM logging and categorisation", "ITIL 4 Foundation (within 6 months)", "1 year IT support", "SMS awareness; security awareness; major incident basics", D(2026, 4, 20)],
        ["Shift Lead", "Queue management; escalation; shift handover", "ITIL 4 Foundation", "3 years service desk", "As analyst + major incident workshop", D(2026, 4, 20)],
        ["Infrastructure Engineer", "VMware, Windows Server, storage, Veeam, Azure", "AZ-104 or VCP (within 12 months)", "3 years", "Change management; security awareness", D(2026, 4, 20)],
        ["Network Engineer", "Routing and switching, firewalls, WAN", "CCNP Enterprise or equivalent", "5 years", "Change management; security awareness", D(2026, 4, 20)],
        ["Security Analyst", "SIEM triage, incident response, EDR", "Security+ or equivalent; SC-200", "2 years", "Incident response exercise annually", D(2026, 4, 20)],
        ["Change and Release Manager / Deputy", "Change risk assessment; CAB facilitation", "ITIL 4 Specialist: Create, Deliver and Support", "3 years change role", "SMS awareness", D(2026, 4, 20)],
        ["Duty Manager", "Major incident management; stakeholder communication", "ITIL 4 Foundation", "Manager or senior engineer", "Major incident workshop (annual)", D(2026, 4, 20)],
        ["Internal Auditor", "Audit techniques; ISO/IEC 20000-1 requirements", "ISO/IEC 20000-1 internal auditor course", "Shadowed 1 audit", "-", D(2026, 4, 20)],
        ["Process Owner", "Process design and KPIs", "ITIL 4 Foundation", "Manager", "SMS awareness; process owner briefing", D(2026, 4, 20)],
    ], [30, 50, 40, 20, 45, 14])

    ws2 = wb.create_sheet("Skills Matrix")
    sheet(ws2, ["Employee", "Role", "ITSM / ITIL", "Windows & VMware", "Azure", "Network", "Security", "Major Incident", "Audit", "Qualifications Held", "Gap / Development Action", "Last Assessed"], [
        ["Tom Ashworth", "Service Desk Manager", 3, 2, 1, 1, 2, 3, 1, "ITIL 4 MP", "-", D(2026, 7, 16)],
        ["Rajesh Patel", "Infrastructure Operations Manager", 3, 3, 2, 2, 2, 3, 1, "VCP-DCV; ITIL 4 F", "-", D(2026, 5, 4)],
        ["Samuel Mensah", "Network Services Lead", 2, 1, 1, 3, 2, 3, 0, "CCNP Enterprise", "Deputy needed (recruitment MR-26-10-1)", D(2026, 4, 30)],
        ["Sarah Lindqvist", "Change and Release Manager", 3, 2, 1, 1, 1, 2, 1, "ITIL 4 Specialist CDS", "-", D(2026, 5, 4)],
        ["Priya Shah", "Deputy Change Manager", 3, 2, 1, 1, 1, 3, 0, "ITIL 4 Specialist CDS (2026-06-19)", "-", D(2026, 6, 19)],
        ["Mark Bennett", "Problem Manager", 3, 2, 1, 2, 1, 3, 2, "ITIL 4 F; 20000-1 internal auditor", "-", D(2026, 5, 22)],
        ["Lucy Chen", "Configuration and Asset Manager", 3, 2, 1, 1, 1, 1, 2, "ITIL 4 F; 20000-1 internal auditor", "-", D(2026, 5, 22)],
        ["Aisha Khan", "Information Security Manager", 2, 2, 2, 2, 3, 3, 2, "CISSP; ISO/IEC 27001 LI", "-", D(2026, 3, 27)],
        ["Ben Carter", "Infrastructure Engineer", 2, 3, 3, 1, 1, 1, 0, "AZ-104 (2026-07-09)", "-", D(2026, 7, 9)],
        ["Sofia Ahmed", "Infrastructure Engineer", 2, 3, 3, 1, 1, 1, 0, "AZ-104 (2026-09-02)", "-", D(2026, 9, 2)],
        ["Jack Turner", "Infrastructure Engineer", 2, 3, 2, 1, 1, 1, 0, "AZ-104 (2026-10-07)", "-", D(2026, 10, 7)],
        ["Ellie Ward", "Infrastructure Engineer", 2, 3, 1, 1, 1, 1, 0, "VCP-DCV", "AZ-104 booked 2026-11-20", D(2026, 10, 2)],
        ["Liam O'Connor", "Service Desk Analyst (Leeds)", 2, 1, 0, 2, 1, 1, 0, "ITIL 4 F", "-", D(2026, 8, 14)],
        ["Hannah Wright", "Service Desk Analyst (Leeds)", 2, 1, 0, 2, 1, 1, 0, "ITIL 4 F", "-", D(2026, 8, 14)],
        ["Nadia Rossi", "Quality and Compliance Lead", 3, 1, 0, 0, 1, 1, 3, "20000-1 Lead Auditor", "-", D(2026, 4, 20)],
    ], [18, 32, 10, 12, 8, 10, 10, 12, 8, 36, 36, 12])
    ws3 = wb.create_sheet("Key")
    sheet(ws3, ["Level", "Meaning"], [[0, "No knowledge"], [1, "Aware / needs supervision"], [2, "Competent"], [3, "Expert / can teach"]], [8, 30])

    wb.properties.title = "Competence Matrix"
    wb.properties.creator = "Joanne Price"
    wb.properties.lastModifiedBy = "Joanne Price"
    wb.properties.subject = "Competence requirements per role and skills matrix (BW-GOV-012)"
    wb.properties.keywords = "competence matrix; skills matrix; role profiles"
    wb.properties.category = "Matrix"
    save_xlsx(wb, BW / "01 Governance" / "Competence Matrix.xlsx",
              created=utc(2024, 6, 3), modified=utc(2026, 10, 2, 15, 40))


# --------------------------------------------------------------------------------------------------------------
# odt
# --------------------------------------------------------------------------------------------------------------


def service_budget_odt() -> None:
    doc = OpenDocumentText()
    m = doc.meta
    m.addElement(dc.Title(text="Service Budget FY2026-27"))
    m.addElement(dc.Subject(text="Budget for the services and the SMS, with budget versus actual to 30 September 2026 (BW-PLN-003)"))
    m.addElement(dc.Creator(text="Priya Raman"))
    m.addElement(meta.InitialCreator(text="Priya Raman"))
    m.addElement(meta.CreationDate(text="2026-02-20T10:00:00"))
    m.addElement(dc.Date(text="2026-10-09T14:20:00"))
    m.addElement(meta.Keyword(text="service budget"))
    m.addElement(meta.Keyword(text="budget variance"))

    h1 = Style(name="Heading 1", family="paragraph")
    h1.addElement(TextProperties(fontsize="16pt", fontweight="bold"))
    h1.addElement(ParagraphProperties(margintop="0.3cm", marginbottom="0.2cm"))
    h2 = Style(name="Heading 2", family="paragraph")
    h2.addElement(TextProperties(fontsize="13pt", fontweight="bold"))
    h2.addElement(ParagraphProperties(margintop="0.25cm", marginbottom="0.15cm"))
    bold = Style(name="TableHead", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    col = Style(name="Col", family="table-column")
    col.addElement(TableColumnProperties(columnwidth="3.2cm"))
    for s in (h1, h2, bold):
        doc.styles.addElement(s)
    doc.automaticstyles.addElement(col)

    def para(text: str) -> None:
        doc.text.addElement(P(text=text))

    def tbl(name: str, header: list[str], rows: list[list[str]]) -> None:
        t = Table(name=name)
        t.addElement(TableColumn(numbercolumnsrepeated=len(header), stylename=col))
        for i, r in enumerate([header] + rows):
            tr = TableRow()
            for v in r:
                tc = TableCell(valuetype="string")
                tc.addElement(P(text=v, stylename=bold if i == 0 else None))
                tr.addElement(tc)
            t.addElement(tr)
        doc.text.addElement(t)

    doc.text.addElement(H(outlinelevel=1, stylename=h1, text="Service Budget FY2026-27"))
    para("Document ID: BW-PLN-003. Version 1.2. Owner: Finance Director (Priya Raman). "
         "Approved by Helen Marsh (Managing Director) on 2026-03-18; board approval 2026-03-25. "
         "Financial year 1 April 2026 to 31 March 2027. Version 1.2 adds budget versus actual to 30 September 2026.")

    doc.text.addElement(H(outlinelevel=2, stylename=h2, text="1. Approved budget by service (GBP thousands)"))
    tbl("Budget", ["Service / cost line", "Opex budget", "Capex budget", "Budget owner"], [
        ["BW-S01 24x7 Service Desk", "1,742", "15", "Service Desk Manager"],
        ["BW-S02 Managed Infrastructure", "2,310", "244", "Infrastructure Operations Manager"],
        ["BW-S03 Managed Network and Connectivity", "1,186", "38", "Network Services Lead"],
        ["BW-S04 Managed Backup and Recovery", "612", "99", "Infrastructure Operations Manager"],
        ["BW-S05 M365 and Identity Administration", "488", "0", "M365 Team Lead"],
        ["BW-S06 Managed Security Monitoring", "655", "24", "Information Security Manager"],
        ["SMS (certification, tooling, training, quality team)", "286", "0", "SMS Manager"],
        ["Total", "7,279", "420", "Finance Director"],
    ])
    para("Direct costs (colocation, circuits, licences) are charged to services; shared platform and people costs "
         "are apportioned using the cost model in the Budgeting and Accounting Procedure. The SMS line includes "
         "certification fees of 18k and the training budget of 54k.")

    doc.text.addElement(H(outlinelevel=2, stylename=h2, text="2. Budget versus actual, April to September 2026 (GBP thousands)"))
    tbl("Variance", ["Service / cost line", "H1 budget", "H1 actual spend", "Budget variance", "Comment"], [
        ["BW-S01 Service Desk", "871", "862", "-1.0%", "Underspend: two vacancies filled in August"],
        ["BW-S02 Managed Infrastructure", "1,155", "1,183", "+2.4%", "Energy indexation from Northgate"],
        ["BW-S03 Network", "593", "621", "+4.7%", "Overspend: MI-2026-004 overtime; offset by 6.3k supplier credit"],
        ["BW-S04 Backup", "306", "301", "-1.6%", "-"],
        ["BW-S05 M365 Administration", "244", "239", "-2.0%", "-"],
        ["BW-S06 Security Monitoring", "327", "333", "+1.8%", "Extra log ingestion recharged to Calder Housing Group"],
        ["SMS", "143", "139", "-2.8%", "Certification fee invoiced in Q4"],
        ["Capex", "210", "196", "-6.7%", "LDS2 array payment moves to Q3 (reforecast)"],
    ])
    para("All opex lines are within the 5% variance tolerance. The capex underspend is timing only; the full-year "
         "reforecast of 2026-10-09 keeps capex at 420k. Reviewed by the leadership team on 2026-10-09. "
         "Cost saving identified: 14 unused Veeam instances reallocated (avoided 8k).")

    doc.text.addElement(H(outlinelevel=2, stylename=h2, text="3. Cost per service reporting"))
    para("Cost per service and per customer is reported quarterly to the Head of Customer Success for pricing and "
         "contract renewal decisions. The next reforecast is due in January 2027 with the demand forecast.")

    buf = io.BytesIO()
    doc.write(buf)
    write(BW / "04 Plans" / "Service Budget FY2026-27.odt", normalise_zip(buf.getvalue()))


# --------------------------------------------------------------------------------------------------------------
# pdf
# --------------------------------------------------------------------------------------------------------------


def latin1(text: str) -> str:
    """Core PDF fonts are Latin-1 only: replace typographic characters."""
    for a, b in {"\u2014": "-", "\u2013": "-", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                 "\u2026": "...", "\u2265": ">=", "\u2264": "<=", "\u00d7": "x"}.items():
        text = text.replace(a, b)
    return text


class Pdf(FPDF):
    def __init__(self, title: str, author: str, subject: str, created: dt.datetime, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_title(title)
        self.set_author(author)
        self.set_subject(subject)
        self.set_creator("Brightwater document templates")
        self.set_producer("fpdf2")
        self.set_creation_date(created.replace(tzinfo=dt.timezone.utc))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 18, 18)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 6, latin1(f"{self.footer_text}  -  page {self.page_no()}"), align="C")

    def h1(self, text: str) -> None:
        self.set_font("Helvetica", "B", 16)
        self.multi_cell(0, 8, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def h2(self, text: str) -> None:
        self.ln(2)
        self.set_font("Helvetica", "B", 12)
        self.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def body(self, text: str) -> None:
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def bullet(self, text: str) -> None:
        self.set_font("Helvetica", "", 10)
        self.multi_cell(0, 5, latin1("- " + text), new_x="LMARGIN", new_y="NEXT")

    def grid(self, header: list[str], rows: list[list[str]], widths: list[int]) -> None:
        self.set_font("Helvetica", "", 8.5)
        with self.table(col_widths=widths, text_align="LEFT", line_height=4.5) as t:
            r = t.row()
            for h in header:
                r.cell(latin1(h))
            for row in rows:
                r = t.row()
                for v in row:
                    r.cell(latin1(v))
        self.ln(2)


def northgate_contract_pdf() -> None:
    pdf = Pdf("Master Services Agreement - Northgate Datacentres Ltd and Brightwater Managed Services Ltd",
              "Gareth Lloyd", "Colocation services MAN1 and LDS2, agreement NDC-BW-2024 (signed copy)",
              utc(2024, 9, 27, 15, 12), "NDC-BW-2024 - executed copy - commercial in confidence")
    pdf.h1("Master Services Agreement NDC-BW-2024 - Colocation Services")
    pdf.body("This agreement is made on 27 September 2024 between Northgate Datacentres Ltd, company number "
             "06192284 (\"Northgate\" or \"the Supplier\"), and Brightwater Managed Services Ltd, company number "
             "08841276 (\"Brightwater\"). Brightwater reference: BW-AGR-011. Contract owner: Commercial Manager.")
    pdf.h2("1. Contract term")
    pdf.body("Five years from 1 October 2024 to 30 September 2029, with a contract review every year in September "
             "and a right for Brightwater to extend for a further three years on 12 months' notice.")
    pdf.h2("2. Scope of services and deliverables")
    pdf.grid(["Site", "Services provided", "Capacity"], [
        ["MAN1, Trafford Park", "Private suite, 24 racks, A+B power, N+1 cooling, 24x7 security, remote hands", "160 kW"],
        ["LDS2, Leeds Dock", "Caged area, 12 racks, A+B power, N+1 cooling, 24x7 security, remote hands", "70 kW"],
        ["Both", "Cross-connects to Vantage Fibre and internet carriers; smart hands within 30 minutes", "-"],
    ], [35, 110, 29])
    pdf.h2("3. Service levels, performance targets and service credits (Schedule 2)")
    pdf.grid(["Key performance indicator", "Target", "Service credit"], [
        ["Power availability to each rack (A+B feeds)", "100%", "10% of monthly fee per incident, up to 50%"],
        ["Temperature within ASHRAE recommended range", "99.9% of hours", "5% of monthly fee"],
        ["Remote hands response", "30 minutes, 24x7", "2% per missed response"],
        ["Security incident notification", "Within 24 hours", "-"],
        ["Planned maintenance notice", "10 working days", "-"],
    ], [80, 40, 54])
    pdf.h2("4. Responsibilities, points of contact and interfaces")
    pdf.body("Northgate service desk is integrated with Brightwater's Kinetic ITSM for fault and access tickets. "
             "Escalation: Northgate duty manager -> site general manager -> Northgate operations director; "
             "Brightwater on-call engineer -> Infrastructure Operations Manager -> Commercial Manager. Northgate "
             "takes part in Brightwater's annual service continuity test when requested. Monthly service report "
             "and quarterly performance review with the Commercial Manager.")
    pdf.h2("5. Information security, confidentiality and data protection (Schedule 4)")
    for b in [
        "Northgate maintains ISO/IEC 27001 and ISO 22301 certification for both sites and provides certificates annually.",
        "Physical access limited to named Brightwater staff and escorted visitors; access logs retained for 12 months "
        "and supplied on request.",
        "Northgate staff shall not access Brightwater or customer equipment except under a remote-hands ticket.",
        "Confidentiality obligations survive termination for 7 years. A data processing agreement (Schedule 5) covers "
        "CCTV and access-log personal data.",
        "Right to audit: Brightwater may audit once a year on 15 working days' notice.",
    ]:
        pdf.bullet(b)
    pdf.ln(2)
    pdf.h2("6. Contract change, disputes and exit")
    pdf.body("Contract changes by written variation signed by both parties. Disputes are escalated to the parties' "
             "directors, then to mediation, then to the courts of England and Wales. Termination for material breach "
             "unremedied after 30 days; on termination or expiry Northgate provides up to 9 months of exit assistance "
             "and allows orderly migration of equipment with no additional charge for cross-connects.")
    pdf.h2("Execution")
    pdf.body("Signed electronically. Envelope ID 7F3A-19C2-BB40-5E61.")
    pdf.grid(["For Northgate Datacentres Ltd", "For Brightwater Managed Services Ltd"], [
        ["Signed: /s/ Laura Pearce", "Signed: /s/ Helen Marsh"],
        ["Laura Pearce, Chief Commercial Officer", "Helen Marsh, Managing Director"],
        ["Date: 27 September 2024", "Date: 27 September 2024"],
    ], [87, 87])
    pdf.body("Contract reviews recorded by Brightwater: 2025-09-18 (no change); 2026-09-22 (aligned with SLA targets; "
             "variation for an additional LDS2 rack planned for Q1 2027).")
    write(BW / "05 Agreements" / "Suppliers" / "Supplier Agreement - Northgate Datacentres (signed).pdf", bytes(pdf.output()))


def continuity_test_pdf() -> None:
    pdf = Pdf("Service Continuity Test Report 2026", "David Okafor",
              "Annual service continuity test: MAN1 loss failover test and tabletop exercise, 16 May 2026",
              utc(2026, 6, 12, 10, 30), "Brightwater Managed Services - Service Continuity Test Report 2026 - Confidential")
    pdf.h1("Service Continuity Test Report 2026")
    pdf.body("Test date: 16 May 2026 (failover test, 06:00-14:00) and 21 May 2026 (tabletop exercise). Report issued "
             "12 June 2026 by David Okafor (Operations Director), owner of the Service Continuity Plan v3.0 (BW-PLN-002). "
             "Post-test review held 10 June 2026.")
    pdf.h2("1. Scope and scenario")
    pdf.body("Scenario: total loss of the MAN1 suite at Trafford Park (simulated by isolating MAN1 network links for "
             "the in-scope workloads). Scope of the failover test: the 24x7-tier workloads of Pennine Freight Ltd "
             "(WMS, 18 VMs) and Calder Housing Group (housing management system, 9 VMs), service desk telephony "
             "failover to Leeds, and restoration of one business-hours customer from backup. Tabletop exercise: "
             "ransomware in shared infrastructure, with the continuity team and Sentinel Watch.")
    pdf.h2("2. Test results against recovery requirements")
    pdf.grid(["Service / workload", "RTO required", "Recovery time achieved", "RPO required", "RPO achieved", "Objectives met"], [
        ["Service desk telephony (Leeds)", "1 h", "0 h 22 min", "n/a", "n/a", "Yes"],
        ["PFL WMS (18 VMs) at LDS2", "4 h", "2 h 51 min", "15 min", "6 min", "Yes"],
        ["CHG housing management system (9 VMs)", "4 h", "3 h 37 min", "15 min", "9 min", "Yes"],
        ["Core network re-routing via LDS2", "2 h", "0 h 48 min", "n/a", "n/a", "Yes"],
        ["Business-hours customer restore from backup (Aire Engineering file server)", "24 h", "7 h 10 min", "24 h", "19 h", "Yes"],
    ], [58, 20, 28, 20, 22, 26])
    pdf.body("All recovery time objectives and recovery point objectives in the plan were met. Failback was completed as "
             "a planned change on 17 May 2026 without customer impact.")
    pdf.h2("3. Issues found and deficiencies")
    pdf.grid(["#", "Issue found", "Impact", "Remedial action", "Owner", "Status"], [
        ["1", "Runbook RB-DR-07 referenced a retired IP range for CHG replication", "Added 40 min to CHG recovery", "Runbook corrected; NC-2026-06 raised", "Rajesh Patel", "Closed 2026-09-04"],
        ["2", "Two continuity team members had out-of-date printed copies of the call tree", "Slower call-out", "HR to reissue call tree monthly", "Joanne Price", "Closed 2026-06-30"],
        ["3", "Tabletop: unclear who decides to notify customers of a suspected ransomware event", "Delayed customer communication", "Decision given to the major incident manager with the Information Security Manager", "Aisha Khan", "Closed 2026-07-15"],
    ], [6, 50, 30, 48, 20, 20])
    pdf.h2("4. Post-test review and lessons learned")
    pdf.body("The post-test review on 10 June 2026 (continuity team, Head of Customer Success, Pennine Freight Head of IT "
             "as observer) concluded that the plan is workable and the recovery sequence is correct. Lessons learned: "
             "runbooks must be reviewed when network CIs change (change template updated); the ransomware scenario needs "
             "clearer communication triggers. Recommendation for the 2027 test: include a loss-of-supplier scenario "
             "(Vantage Fibre) and a full restore of a 24x7 customer from immutable backup.")
    pdf.h2("5. Test schedule")
    pdf.body("Next failover test: May 2027. Tabletop exercises: November 2026 (supplier loss) and May 2027.")
    pdf.body("Approved: David Okafor, Operations Director, 12 June 2026. Distribution: Managing Director, continuity team, "
             "SMS Manager, customers on request.")
    write(BW / "07 Reports" / "Service Continuity Test Report 2026.pdf", bytes(pdf.output()))


def main() -> None:
    sla_pennine_freight()
    contract_vantage_fibre()
    risk_register()
    competence_matrix()
    service_budget_odt()
    northgate_contract_pdf()
    continuity_test_pdf()


if __name__ == "__main__":
    main()
