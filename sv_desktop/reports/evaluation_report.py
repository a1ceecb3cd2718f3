"""The evaluation report: one contract's social value evaluation panel, from declarations to ranking.

A standalone PDF on the shared templates (cover with the protective marking,
contents, "Page X of Y"), built from EvaluationReportData (sv_desktop.reports.
evaluation_data) the way the committee pack is built from PackData. It prints
what an auditor or an unsuccessful bidder's challenge would ask for: who sat on
the panel and what they declared, the criteria, sub-weights, the organisation's
scale and the SMT rule setting, every member's score with its justification,
the spread and outliers, the consensus with its rationale, the weighted scores
with the method, the ranking (labelled "Social value only" unless price and
quality are entered for every bidder; ties as ties), the lock and the history of
changes, with the reasons given for changes after locking.

Also builds the contract report's short "Evaluation of social value" section.
No Qt.
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from sv_desktop.domain.evaluation_views import Cell, EvaluationView
from sv_desktop.reports import styles as report_styles
from sv_desktop.reports.cover import cover_flowables
from sv_desktop.reports.evaluation_data import (
    CONSENSUS_NOTE,
    OUTLIER_RULE,
    EvaluationReportData,
    after_lock_events,
    bidder_by_name,
    consensus_progress,
    criterion_label,
    declarations,
    lock_text,
    member_names,
    outlier_members,
    percent,
    scale_owner_text,
    smt_text,
    stamp,
    sub_weight_total,
)
from sv_desktop.reports.flowables import (
    CELL_PADDING,
    TEXT_LIMIT,
    key_figures,
    key_value_table,
    none_recorded,
    para,
    safe_paragraph_text,
)
from sv_desktop.reports.output import write_atomically
from sv_desktop.reports.sections import SectionContext
from sv_desktop.reports.styles import ReportStyles, stylesheet
from sv_desktop.reports.templates import FRAME_WIDTH, Bookmark, ProgressCallback, ReportDocTemplate, contents, heading

REPORT_TITLE = "Evaluation report"
TIES = "Bidders sharing a position (shown as =1, =2 ...) are tied: their totals are equal."
NOT_AVAILABLE = ("Evaluation data is not available: this report was built without the evaluation records.")
NO_EVALUATION = "No evaluation recorded for this contract."
FULL_REPORT = ("The full evaluation report (declarations, every member's scores and justifications, consensus "
               "rationale and history) is a separate report: Evaluation report, or "
               "sv-desktop report evaluation {reference} --out FILE.pdf.")
OUTLIER_TINT = colors.HexColor("#FFF0C7")  # pale warm yellow: the word "outlier" carries the meaning
AFTER_LOCK_TINT = colors.HexColor("#F8D5D2")


# -- small layout helpers ------------------------------------------------------------------------------
def text_table(header: Sequence[str], rows: Sequence[Sequence[object]], fractions: Sequence[float],
               styles: ReportStyles, *, width: float = FRAME_WIDTH, right: Sequence[int] = (),
               bold: Sequence[int] = (), limit: int = TEXT_LIMIT) -> Table:
    """A table whose every cell wraps and whose rows may split across pages, so no text is ever cut short.

    (The shared data_table keeps cells under 400 characters so a row fits a page; justifications and
    rationale are kept whole here instead, by letting a long row continue on the next page.) `bold` are
    indexes into `rows` printed in bold (totals).
    """
    right_set, bold_set = set(right), set(bold)
    data: list[list[Paragraph]] = [[Paragraph(html.escape(title), styles["CellHeader"]) for title in header]]
    for number, row in enumerate(rows):
        cells = []
        for index, value in enumerate(row):
            markup = safe_paragraph_text(value, limit)
            if number in bold_set and markup:
                markup = f"<b>{markup}</b>"
            cells.append(Paragraph(markup, styles["CellRight" if index in right_set else "Cell"]))
        data.append(cells)
    table = Table(data, colWidths=[width * f for f in fractions], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), report_styles.FONT, 7.2),
        ("BACKGROUND", (0, 0), (-1, 0), report_styles.NHS_BLUE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, report_styles.NHS_PALE_GREY]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#C8D1D3")),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]))
    return table


def _tint_rows(table: Table, rows: Sequence[int], colour) -> None:
    table.setStyle(TableStyle([("BACKGROUND", (0, row), (-1, row), colour) for row in rows]))


def _section(title: str, key: str, styles: ReportStyles, need: float = 160) -> list[Flowable]:
    """A section heading (a contents line) that starts a new page unless `need` points are left on this one."""
    return [Spacer(1, 8), CondPageBreak(need), heading(title, styles, 0, key)]


def _sub(title: str, styles: ReportStyles) -> Flowable:
    return KeepTogether([CondPageBreak(90), Paragraph(safe_paragraph_text(title, 600), styles["Heading3"])])


def _body(text: str, styles: ReportStyles, style: str = "Body") -> Paragraph:
    return Paragraph(safe_paragraph_text(text), styles[style])


def _bullet(text: str, styles: ReportStyles, lead: str = "") -> Paragraph:
    markup = safe_paragraph_text(text)
    if lead:
        markup = f"<b>{safe_paragraph_text(lead, 300)}</b> {markup}"
    return Paragraph(markup, styles["Bullet"], bulletText="•")


def _points(points: int | None) -> str:
    return "—" if points is None else str(points)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


# -- the story --------------------------------------------------------------------------------------
def evaluation_story(data: EvaluationReportData, styles: ReportStyles) -> list[Flowable]:
    view = data.evaluation
    recorded, cells = consensus_progress(view)
    details = [("Contract", f"{view.contract_reference}: {view.contract_title}"), *data.contract_fields,
               ("Social value weighting", percent(view.weighting) if view.weighting is not None else "Not set"),
               ("Status", "Locked" if view.locked else "Open (not locked)"),
               ("Ranking", view.ranking_label),
               ("Prepared", data.header.generated_at.strftime("%d/%m/%Y %H:%M"))]
    story = cover_flowables(data.header, REPORT_TITLE, f"{view.contract_reference}: {view.contract_title}",
                            details, styles)
    story += [Bookmark("Contents", "contents"), Paragraph("Contents", styles["ContentsTitle"]), contents(styles),
              PageBreak()]
    story += _summary(data, styles, recorded, cells)
    story += _panel(view, styles)
    story += _declarations(view, styles)
    story += _criteria(data, styles)
    story += _bidders(view, styles)
    story += _individual_scores(view, styles)
    story += _spread_and_consensus(view, styles)
    story += _weighted(view, styles)
    story += _history(view, styles)
    story += _responses(view, styles)
    story += _sources(data, styles)
    return story


def _summary(data: EvaluationReportData, styles: ReportStyles, recorded: int, cells: int) -> list[Flowable]:
    view = data.evaluation
    story = _section("Summary", "summary", styles)
    weighting = percent(view.weighting) if view.weighting is not None else "an unrecorded share"
    story.append(_body(
        f"The social value responses of {_plural(len(view.bidders), 'bidder')} for {view.contract_reference} "
        f"({view.contract_title}) were scored by a panel of {_plural(len(view.members), 'member')} against "
        f"{_plural(len(view.criteria), 'criterion', 'criteria')} worth {weighting} of the total score.", styles))
    conflicts = sum(1 for line in declarations(view) if line.conflict)
    story.append(key_figures([
        ("bidders", f"{len(view.bidders):,}"),
        ("panel members", f"{len(view.members):,}"),
        ("criteria", f"{len(view.criteria):,}"),
        ("social value weighting", percent(view.weighting) if view.weighting is not None else "Not set"),
        ("consensus scores recorded", f"{recorded:,} of {cells:,}"),
        ("conflicts of interest declared", f"{conflicts:,}"),
        ("changes after locking", f"{len(after_lock_events(view)):,}"),
        ("status", "Locked" if view.locked else "Open"),
    ], FRAME_WIDTH, styles))
    story.append(Spacer(1, 6))
    story.append(Paragraph("<b>Status:</b> " + safe_paragraph_text(lock_text(view)), styles["Body"]))
    for problem in view.setup_problems:
        story.append(_bullet(problem, styles, "Set-up:"))
    if recorded < cells:
        story.append(Paragraph(
            f"<b>Provisional:</b> the panel has still to agree {_plural(cells - recorded, 'consensus score')}; "
            "the totals and ranking below count only the consensus scores recorded so far.", styles["Body"]))
    story += _ranking(view, styles)
    return story


def _ranking(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story: list[Flowable] = [_sub(f"Ranking: {view.ranking_label}", styles)]
    if not view.standings:
        story.append(none_recorded(styles, "no bidders"))
        return story
    weighting = f" (out of {percent(view.weighting)})" if view.weighting is not None else ""
    bidders = bidder_by_name(view)
    header: tuple[str, ...]
    rows: list[tuple[str, ...]]
    fractions: tuple[float, ...]
    right: tuple[int, ...]
    if view.includes_price_quality:
        header = ("Position", "Bidder", f"Social value{weighting}", "Price", "Quality", "Total")
        rows = [(s.position_text, s.bidder, percent(s.social_value), percent(bidders[s.bidder].price_score),
                 percent(bidders[s.bidder].quality_score), percent(s.total)) for s in view.standings]
        fractions = (0.11, 0.37, 0.16, 0.12, 0.12, 0.12)
        right = (2, 3, 4, 5)
    else:
        header = ("Position", "Bidder", f"Social value score{weighting}")
        rows = [(s.position_text, s.bidder, percent(s.social_value)) for s in view.standings]
        fractions = (0.14, 0.56, 0.30)
        right = (2,)
    story += [text_table(header, rows, fractions, styles, right=right), Spacer(1, 4)]
    notes = []
    if any(s.tied for s in view.standings):
        notes.append(TIES)
    if not view.includes_price_quality:
        notes.append("Social value only: price and quality scores are not entered for every bidder, so this is "
                     "not the overall result of the tender.")
    for note in notes:
        story.append(_body(note, styles, "Note"))
    return story


def _panel(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story = _section("Panel and roles", "panel", styles)
    if not view.members:
        return story + [none_recorded(styles, "no panel members")]
    story.append(_body("Each member scored on their own score sheet, on their own laptop, without seeing the other "
                       "members' scores; the lead merged the completed sheets before moderation.", styles))
    rows = []
    for member in view.members:
        sheet = (f"Version {member.imported_revision} imported" if member.imported_revision is not None
                 else "Not yet imported")
        conflicts = [b.name for b in view.bidders if member.conflict_with(b.id)]
        rows.append((member.name, member.role or "—", sheet,
                     ("Conflict with " + ", ".join(conflicts)) if conflicts else "None"))
    story.append(text_table(("Member", "Role", "Score sheet", "Conflicts of interest"), rows,
                            (0.24, 0.32, 0.18, 0.26), styles))
    return story


def _declarations(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story = _section("Conflict-of-interest declarations", "declarations", styles)
    lines = declarations(view)
    if not lines:
        return story + [none_recorded(styles, "no panel members or no bidders")]
    story.append(_body("Each member declared, for each bidder and before scoring, whether they have a conflict of "
                       "interest. A declared conflict bars the member from scoring that bidder.", styles))
    conflicts = [line for line in lines if line.conflict]
    if conflicts:
        story.append(_sub("Conflicts declared", styles))
        for line in conflicts:
            story.append(_bullet(f"{line.member} declared a conflict of interest with {line.bidder}: "
                                 f"{line.details.rstrip('.') or 'no details given'}. {line.member} did not score "
                                 f"{line.bidder}.", styles))
    else:
        story.append(_body("No member declared a conflict of interest.", styles))
    undeclared = [line for line in lines if not line.declared]
    if undeclared:
        story.append(_body(f"{_plural(len(undeclared), 'declaration')} not yet made: "
                           + "; ".join(f"{line.member} / {line.bidder}" for line in undeclared) + ".", styles))
    story.append(_sub("Every declaration", styles))
    table = text_table(("Member", "Bidder", "Declaration"), [(line.member, line.bidder, line.words) for line in lines],
                       (0.22, 0.26, 0.52), styles)
    _tint_rows(table, [index for index, line in enumerate(lines, 1) if line.conflict], AFTER_LOCK_TINT)
    story.append(table)
    return story


def _criteria(data: EvaluationReportData, styles: ReportStyles) -> list[Flowable]:
    view = data.evaluation
    story = _section("Criteria, scale and rules", "criteria", styles)
    if view.criteria:
        rows = [(criterion_label(c), c.framework_id or "—", percent(c.sub_weight)) for c in view.criteria]
        rows.append(("Total of the sub-weights (the social value weighting is "
                     + (percent(view.weighting) if view.weighting is not None else "not recorded") + ")", "",
                     percent(sub_weight_total(view))))
        story.append(text_table(("Criterion", "Framework", "Sub-weight (% of the total score)"), rows,
                                (0.58, 0.14, 0.28), styles, right=(2,), bold=(len(rows) - 1,)))
        story.append(_sub("Wording of each criterion", styles))
        for criterion in view.criteria:
            wording = criterion.text or criterion.title
            lead = (criterion.ref if wording.startswith(criterion.title) and criterion.ref
                    else criterion_label(criterion))
            story.append(_bullet(wording, styles, lead + ":"))
    else:
        story.append(none_recorded(styles, "no criteria: the contract has no social value outcomes chosen"))
    story.append(_sub("Scoring scale", styles))
    story += [text_table(("Points", "Descriptor"), [(level.points, level.descriptor) for level in view.scale.levels],
                         (0.12, 0.88), styles), Spacer(1, 4)]
    story.append(_body(scale_owner_text(data.profile_name), styles, "Note"))
    story.append(_sub("Rule: no points without a specific, measurable and time-bound commitment", styles))
    story.append(_body(smt_text(view), styles))
    if view.additional_criteria:
        story.append(_sub("Additional award criteria (descriptors and the pass gate, not scored separately)", styles))
        for item in view.additional_criteria:
            story.append(_bullet(item, styles))
    story.append(_sub("Outliers", styles))
    story.append(_body(OUTLIER_RULE, styles))
    return story


def _bidders(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story = _section("Bidders", "bidders", styles)
    if not view.bidders:
        return story + [none_recorded(styles, "no bidders")]
    rows = [(index, b.name, "Yes" if b.supplier_id is not None else "No",
             ", ".join(b.documents) or "Response text only", percent(b.price_score), percent(b.quality_score))
            for index, b in enumerate(view.bidders, 1)]
    story += [text_table(("#", "Bidder", "In the supplier register", "Response documents", "Price score",
                          "Quality score"), rows, (0.05, 0.29, 0.16, 0.26, 0.12, 0.12), styles, right=(4, 5)),
              Spacer(1, 4)]
    story.append(_body("The responses as submitted are printed at the end of this report. Price and quality "
                       "scores are entered by the lead from the rest of the tender evaluation.", styles, "Note"))
    return story


def _spread_line(view: EvaluationView, cell: Cell) -> str:
    spread = cell.spread
    if spread.low is None:
        return "No scores yet."
    names = member_names(view)
    text = (f"Spread: {spread.low} to {spread.high} (range {spread.range}), mean {spread.mean}"
            f" from {_plural(len(spread.scores), 'score')}.")
    outliers = outlier_members(cell)
    if outliers:
        # outlier_members takes only members with a score, so the filter never drops one.
        text += " Outlier: " + "; ".join(f"{names[m]} ({score.points})" for m in outliers
                                         if (score := cell.scores[m]) is not None) + "."
    else:
        text += " No outlier."
    text += f" Consensus: {_points(cell.consensus)}." if cell.consensus is not None else " Consensus: not yet agreed."
    return text


def _individual_scores(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story = _section("Individual scores and justifications", "individual", styles, need=280)
    if not view.criteria or not view.bidders:
        return story + [none_recorded(styles, "no criteria or no bidders")]
    story.append(_body("Each member's own score for each bidder on each criterion, with the written justification "
                       "they gave, as imported from their score sheet. \"SMT\" records whether the member found a "
                       "specific, measurable and time-bound commitment in the response.", styles))
    for criterion in view.criteria:
        story += [CondPageBreak(170),
                  heading(f"{criterion_label(criterion)} (sub-weight {percent(criterion.sub_weight)})", styles, 1,
                          f"individual-{criterion.id}")]
        for bidder in view.bidders:
            cell = view.cell(criterion.id, bidder.id)
            outliers = set(outlier_members(cell))
            rows, tinted = [], []
            for member in view.members:
                if member.conflict_with(bidder.id):
                    rows.append((member.name, "—", "—", "Did not score: declared a conflict of interest with "
                                 f"{bidder.name}."))
                    continue
                score = cell.scores.get(member.id)
                if score is None:
                    rows.append((member.name, "—", "—", "Not scored yet (no completed sheet imported)."))
                    continue
                points = f"{score.points} (outlier)" if member.id in outliers else str(score.points)
                if member.id in outliers:
                    tinted.append(len(rows) + 1)
                rows.append((member.name, points, "Yes" if score.smt else "No", score.justification or "—"))
            table = text_table(("Member", "Score", "SMT", "Justification"), rows, (0.2, 0.1, 0.07, 0.63), styles)
            _tint_rows(table, tinted, OUTLIER_TINT)
            story.append(_sub(bidder.name, styles))
            story += [table, Spacer(1, 3), _body(_spread_line(view, cell), styles, "Note")]
    return story


def _spread_and_consensus(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story = _section("Spread, outliers and consensus", "consensus", styles)
    if not view.cells:
        return story + [none_recorded(styles, "nothing to moderate yet")]
    story.append(_body(CONSENSUS_NOTE, styles))
    names = member_names(view)
    bidders = {b.id: b.name for b in view.bidders}
    rows: list[tuple[str, str, str, str, str, str]] = []
    tinted: list[int] = []
    criteria = {c.id: c for c in view.criteria}
    for cell in view.cells:
        outliers = set(outlier_members(cell))
        scores = "; ".join(f"{names[m]} {s.points}" + (" (outlier)" if m in outliers else "")
                           for m, s in cell.scores.items() if s is not None) or "none yet"
        spread = cell.spread
        if outliers:
            tinted.append(len(rows) + 1)
        rows.append((criterion_label(criteria[cell.criterion_id]), bidders[cell.bidder_id], scores,
                     "—" if spread.low is None else f"{spread.low}–{spread.high}",
                     "—" if spread.mean is None else str(spread.mean),
                     _points(cell.consensus) if cell.consensus is not None else "Not yet agreed"))
    table = text_table(("Criterion", "Bidder", "Members' scores", "Low–high", "Mean", "Consensus"), rows,
                       (0.23, 0.17, 0.33, 0.09, 0.07, 0.11), styles, right=(4, 5))
    _tint_rows(table, tinted, OUTLIER_TINT)
    story += [table, Spacer(1, 3)]
    story.append(_body("Rows with an outlier are shaded; the outlier is named in the members' scores.", styles,
                       "Note"))
    story += [CondPageBreak(200), heading("Consensus scores and rationale", styles, 1, "rationale")]
    for criterion in view.criteria:
        consensus_rows: list[tuple[str, str, str, str]] = []
        for bidder in view.bidders:
            cell = view.cell(criterion.id, bidder.id)
            mean = cell.spread.mean
            agreed = cell.consensus is not None
            consensus_rows.append((bidder.name, _points(cell.consensus) if agreed else "Not yet agreed",
                         "—" if mean is None else str(mean),
                         cell.rationale if agreed else "The panel has not yet agreed a consensus score."))
        story.append(_sub(criterion_label(criterion), styles))
        story.append(text_table(("Bidder", "Consensus", "Members' mean", "Rationale"), consensus_rows,
                                (0.22, 0.11, 0.11, 0.56), styles, right=(1, 2)))
    return story


def _weighted(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story = _section("Weighted scores, totals and ranking", "weighted", styles)
    story.append(Paragraph("<b>Method:</b> " + safe_paragraph_text(view.method), styles["Body"]))
    if not view.criteria or not view.bidders:
        return story + [none_recorded(styles, "no criteria or no bidders")]
    maximum = view.scale.maximum
    rows, total_rows = [], []
    totals = {s.bidder: s for s in view.standings}
    for bidder in view.bidders:
        for criterion in view.criteria:
            cell = view.cell(criterion.id, bidder.id)
            consensus = f"{cell.consensus} of {maximum}" if cell.consensus is not None else "Not yet agreed"
            rows.append((bidder.name, criterion_label(criterion), consensus, percent(criterion.sub_weight),
                         percent(cell.weighted)))
        standing = totals.get(bidder.name)
        rows.append((bidder.name, "Social value total", "", percent(sub_weight_total(view)),
                     percent(standing.social_value) if standing else "—"))
        total_rows.append(len(rows) - 1)
    story.append(text_table(("Bidder", "Criterion", "Consensus points", "Sub-weight", "Weighted score"), rows,
                            (0.22, 0.38, 0.14, 0.12, 0.14), styles, right=(2, 3, 4), bold=total_rows))
    story += _ranking(view, styles)
    return story


def _history(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story = _section("Lock status and history", "history", styles)
    story.append(Paragraph("<b>Status:</b> " + safe_paragraph_text(lock_text(view)), styles["Body"]))
    after = after_lock_events(view)
    story.append(_sub(f"Changes after locking ({len(after):,})", styles))
    if after:
        story.append(text_table(("When", "By", "Change", "Reason given"),
                                [(stamp(e.at), e.by, f"{e.action}: {e.details}", e.reason or "—") for e in after],
                                (0.15, 0.15, 0.40, 0.30), styles))
    elif view.locked:
        story.append(_body("No change since the evaluation was locked.", styles))
    else:
        story.append(_body("Not applicable: the evaluation is not locked.", styles))
    story.append(_sub(f"Full history ({len(view.events):,} entries, oldest first)", styles))
    if not view.events:
        return story + [none_recorded(styles)]
    table = text_table(("When", "By", "Action", "Details", "Reason"),
                       [(stamp(e.at), e.by, e.action, e.details, e.reason or "—") for e in view.events],
                       (0.15, 0.13, 0.14, 0.40, 0.18), styles)
    _tint_rows(table, [index for index, e in enumerate(view.events, 1) if e in after], AFTER_LOCK_TINT)
    story.append(table)
    return story


def _responses(view: EvaluationView, styles: ReportStyles) -> list[Flowable]:
    story = _section("Appendix: bidders' responses", "responses", styles)
    if not view.bidders:
        return story + [none_recorded(styles, "no bidders")]
    for bidder in view.bidders:
        story.append(_sub(bidder.name, styles))
        if bidder.response_text.strip():
            for part in bidder.response_text.split("\n\n"):
                if part.strip():
                    story.append(para(part.strip(), styles["Body"]))
        else:
            story.append(none_recorded(styles, "no response text entered"))
        if bidder.documents:
            story.append(_body("Documents submitted: " + ", ".join(bidder.documents) + ".", styles, "Note"))
    return story


def _sources(data: EvaluationReportData, styles: ReportStyles) -> list[Flowable]:
    view = data.evaluation
    story = _section("Appendix: method, sources and settings", "sources", styles)
    pairs = [
        ("Weighting method", view.method),
        ("Scoring scale", scale_owner_text(data.profile_name)),
        ("SMT rule", smt_text(view)),
        ("Outliers", OUTLIER_RULE),
        ("Consensus", CONSENSUS_NOTE),
        ("Ranking", f"{view.ranking_label}. {TIES}"),
        *data.settings_used,
    ]
    story.append(key_value_table(pairs, FRAME_WIDTH, styles))
    return story


# -- writing ------------------------------------------------------------------------------------------
def report_title(data: EvaluationReportData) -> str:
    return f"{REPORT_TITLE}: {data.reference}"


def build_evaluation_pdf(data: EvaluationReportData, out_path: Path, *,
                         progress: ProgressCallback | None = None) -> Path:
    """Write the report to out_path (only once complete); InterruptedError when progress says cancel."""
    styles = stylesheet()
    story = evaluation_story(data, styles)

    def write(stream) -> None:
        document = ReportDocTemplate(stream, header=data.header, report_title=report_title(data),
                                     subject=f"Social value evaluation of {data.reference} {data.title}"[:300],
                                     progress=progress)
        document.build_report(story)

    return write_atomically(Path(out_path), write)


# -- the contract report's short section ----------------------------------------------------------------
@dataclass(frozen=True)
class ContractEvaluationData:
    """What the contract report's section shows; `view` None: no evaluation recorded."""

    reference: str
    view: EvaluationView | None


def build_contract_evaluation(data, context: SectionContext) -> list[Flowable]:
    found: ContractEvaluationData | None = data.section_data.get("evaluation")
    styles = context.styles
    if found is None:
        return [Paragraph(html.escape(NOT_AVAILABLE), styles["Body"])]
    view = found.view
    if view is None:
        return [Paragraph(html.escape(NO_EVALUATION), styles["NoneRecorded"])]
    recorded, cells = consensus_progress(view)
    conflicts = [line for line in declarations(view) if line.conflict]
    panel = "; ".join(f"{m.name} ({m.role})" if m.role else m.name for m in view.members) or "No members yet"
    story: list[Flowable] = [key_value_table((
        ("Panel", panel),
        ("Bidders", ", ".join(b.name for b in view.bidders) or "None yet"),
        ("Criteria", f"{_plural(len(view.criteria), 'criterion', 'criteria')}, sub-weights adding up to "
                     f"{percent(sub_weight_total(view))}"),
        ("Conflicts of interest",
         "; ".join(f"{line.member} with {line.bidder}" for line in conflicts) or "None declared"),
        ("Consensus scores", f"{recorded:,} of {cells:,} agreed"),
        ("Status", lock_text(view)),
        ("Changes after locking", f"{len(after_lock_events(view)):,}"),
    ), context.width, styles), Spacer(1, 4)]
    story += _ranking(view, styles)
    if recorded < cells:
        story.append(_body("Provisional: the ranking counts only the consensus scores agreed so far.", styles, "Note"))
    story.append(_body(FULL_REPORT.format(reference=view.contract_reference), styles, "Note"))
    return story


__all__ = ["ContractEvaluationData", "REPORT_TITLE", "build_contract_evaluation", "build_evaluation_pdf",
           "evaluation_story", "report_title", "text_table"]
