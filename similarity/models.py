"""The term index of the findings' texts, and the recurrences it finds.

- ``IssueTerms``: one row per finding: its heaviest terms and their TF-IDF weights (a unit
  vector), and a digest of the text they were computed from (re-indexing an unchanged text is
  a no-op).
- ``Posting``: the inverted index, term → finding, with the term's weight in the finding:
  primary key (term, issue), so that the findings sharing a query's terms are an index range scan.
- ``TermStat``: in how many findings each term occurs (document frequency, for the IDF).
- ``Recurrence``: a finding confirmed for a unit that had a closed similar finding in an earlier
  round (屡查屡犯), with the earlier finding and the score.

Built by ``similarity.index`` (all at once, or one finding on commit); clue text is never indexed.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.querysets import ScopedQuerySet


class IssueTerms(models.Model):
    """A finding's term vector: ``terms[i]`` weighs ``weights[i]``, heaviest first, length 1."""

    issue = models.OneToOneField(
        "inspections.Issue", verbose_name=_("问题"), primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    terms = ArrayField(models.CharField(max_length=40), verbose_name=_("词项"))
    weights = ArrayField(models.FloatField(), verbose_name=_("权重"))
    digest = models.CharField(_("文本摘要"), max_length=32)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("问题词项向量")
        verbose_name_plural = _("问题词项向量")

    def __str__(self) -> str:
        return f"{self.issue_id}: {' '.join(self.terms[:8])}"

    def vector(self) -> dict[str, float]:
        return dict(zip(self.terms, self.weights, strict=True))


def _copy(model: str, label):
    # Copies of the finding's columns: no constraint or index of their own (findings are never
    # deleted, PROTECT; the index rewrites a finding's postings when they change).
    return models.ForeignKey(
        model, verbose_name=label, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class Posting(models.Model):
    """One entry of the inverted index: ``term`` occurs in ``issue`` with ``weight``.

    It carries copies of the finding's office, group, unit and status, so that the scope rule of
    findings applies to the postings themselves (scopes.py): a city-wide reader's candidates are
    an index range scan per term with no join to a million findings.
    """

    pk = models.CompositePrimaryKey("term", "issue")
    term = models.CharField(_("词项"), max_length=40)
    issue = _copy("inspections.Issue", _("问题"))
    weight = models.FloatField(_("权重"))
    office = _copy("accounts.Office", _("巡察机构"))
    group = _copy("inspections.Group", _("巡察组"))
    unit = _copy("inspections.Unit", _("被巡察单位"))
    status = models.CharField(_("状态"), max_length=20)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        # Impact order: a term's heaviest postings first, so a query reads the best few per term.
        # The order a term's candidates are read in (selectors._candidates), ties by finding:
        # with the id in the index the LIMIT stops after the rows it needs, even where many
        # postings of a term weigh the same (findings worded alike).
        indexes = [models.Index(fields=["term", "-weight", "-issue"], name="posting_term_weight_issue")]
        verbose_name = _("倒排索引项")
        verbose_name_plural = _("倒排索引项")

    def __str__(self) -> str:
        return f"{self.term} → {self.issue_id}"


class TermStat(models.Model):
    """Document frequency of a term: how many indexed findings contain it."""

    term = models.CharField(_("词项"), max_length=40, primary_key=True)
    df = models.PositiveIntegerField(_("文档频数"), default=0)

    class Meta:
        verbose_name = _("词项频数")
        verbose_name_plural = _("词项频数")

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class Recurrence(models.Model):
    """屡查屡犯: ``issue`` repeats ``earlier``, a closed finding of the same unit in an earlier round."""

    issue = models.OneToOneField(
        "inspections.Issue", verbose_name=_("问题"), on_delete=models.CASCADE, related_name="recurrence"
    )
    earlier = models.ForeignKey(
        "inspections.Issue", verbose_name=_("此前轮次的问题"), on_delete=models.CASCADE, related_name="recurred_as"
    )
    # Copies of the finding's unit and office, for the counts per unit and office.
    unit = models.ForeignKey(
        "inspections.Unit", verbose_name=_("被巡察单位"), on_delete=models.CASCADE, related_name="+"
    )
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("巡察机构"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("相似度"))
    detected_at = models.DateTimeField(_("发现时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("屡查屡犯")
        verbose_name_plural = _("屡查屡犯")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["unit"], name="recurrence_unit"),
            models.Index(fields=["office"], name="recurrence_office"),
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} ← {self.earlier_id}"
