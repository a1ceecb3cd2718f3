"""The tender's social value question pack as plain data: what the PDF, the Word document and the
"copy as text" button all print.

Built by sv_desktop.services.tender_pack from a contract's selection and the catalogue
(000_14458fa951fc6b05.txt, "How to use the model" and "Social value question"). No Qt,
no catalogue, no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PackCriterion:
    ref: str
    title: str
    text: str
    refined: bool
    change: str  # word-level change against the catalogue original, when refined
    sub_criteria: tuple[PackCriterion, ...] = ()
    omitted: tuple[str, ...] = ()  # sub-criteria of the catalogue left out as not proportionate


@dataclass(frozen=True)
class PackMetric:
    ref: str
    title: str
    unit: str
    by_region: bool

    @property
    def label(self) -> str:
        """Title with its unit (unless the title already names it) and the by-region note."""
        named = self.unit and self.unit.split()[0].casefold() in self.title.casefold()
        extras = [] if not self.unit or named else [self.unit]
        if self.by_region and "region" not in self.title.casefold():
            extras.append("by UK region")
        return f"{self.title} ({', '.join(extras)})" if extras else self.title


@dataclass(frozen=True)
class PackQuestion:
    number: int
    framework: str
    outcome_ref: str
    outcome_title: str
    weight_percent: Decimal | None
    question: str
    criteria: tuple[PackCriterion, ...]
    metrics: tuple[PackMetric, ...]
    workforce_baseline: str  # empty unless the outcome needs a workforce baseline


@dataclass(frozen=True)
class PackAdditionalCriterion:
    text: str
    items: tuple[str, ...]
    pass_gate: bool


@dataclass(frozen=True)
class TenderQuestionPack:
    contract_reference: str
    contract_title: str
    weighting_percent: Decimal | None
    word_limit: int | None
    target_cohort: str
    questions: tuple[PackQuestion, ...]
    additional_criteria: tuple[PackAdditionalCriterion, ...]
    other_metrics: tuple[PackMetric, ...]
    source: str

    @property
    def is_empty(self) -> bool:
        return not self.questions and not self.other_metrics

    def as_text(self) -> str:
        """Plain text for pasting into an ITT."""
        lines = [f"Social value questions: {self.contract_reference} {self.contract_title}", ""]
        if self.weighting_percent is not None:
            lines += [f"Social value weighting: {_percent(self.weighting_percent)} of the total score.", ""]
        if self.is_empty:
            lines.append("No social value outcomes have been selected for this contract yet.")
        for question in self.questions:
            share = (f" ({_percent(question.weight_percent)} of the total score)"
                     if question.weight_percent is not None else "")
            lines += [f"Question {question.number}: {question.outcome_title}{share}", "", question.question]
            if question.workforce_baseline:
                lines += ["", question.workforce_baseline]
            if question.criteria:
                lines += ["", "Award criteria:"]
                for criterion in question.criteria:
                    lines.append(_indented(f"- {criterion.ref} {criterion.text}", "  "))
                    for sub in criterion.sub_criteria:
                        lines.append(_indented(f"    - {sub.text}", "      "))
            if question.metrics:
                lines += ["", "Reporting metrics:"]
                lines += [f"- {m.ref} {m.label}" for m in question.metrics]
            lines.append("")
        if self.other_metrics:
            lines.append("Further reporting metrics:")
            lines += [f"- {m.ref} {m.label}" for m in self.other_metrics]
            lines.append("")
        if self.additional_criteria:
            lines.append("Additional award criteria (each response is assessed against these):")
            for additional in self.additional_criteria:
                gate = " [minimum requirement to score points]" if additional.pass_gate else ""
                lines.append(f"- {additional.text}{gate}")
                lines += [f"    - {item}" for item in additional.items]
            if self.target_cohort:
                lines.append(f"- Target cohort identified by the buyer: {self.target_cohort}")
            lines.append("")
        lines.append(f"Source: {self.source}")
        return "\n".join(lines).rstrip() + "\n"


def _indented(text: str, indent: str) -> str:
    """Continuation lines of a multi-line criterion indented under its bullet."""
    first, *rest = text.splitlines() or [""]
    return "\n".join([first, *(indent + line for line in rest)])


def _percent(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text} %"
