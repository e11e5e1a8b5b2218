"""Join codes in one namespace: the code a participant types finds one dot-vote or one poll run,
never both. Each feature claims its code here when it creates its live object (live.codes), and
the unique column makes the database refuse a code that is taken, whatever the feature."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class JoinCode(models.Model):
    code = models.CharField(_("Code"), max_length=12, unique=True)
    # The feature that holds it ("voting", "polls"), by its app label: its URL names the page.
    feature = models.CharField(_("Funktion"), max_length=20)

    class Meta:
        verbose_name = _("Beteiligungscode")
        verbose_name_plural = _("Beteiligungscodes")

    def __str__(self) -> str:
        return self.code


class Joinable(models.Model):
    """A live object that participants find by its join code (``code``, a field of the feature's
    model): a new one claims the code in the one namespace, in the transaction that saves it
    (IntegrityError when another object of any feature holds it); a deleted one releases it
    (LiveConfig.ready connects the release). The feature is the model's app label."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            JoinCode.objects.create(code=self.code, feature=self._meta.app_label)
            return super().save(*args, **kwargs)


def code_release(sender, instance, **kwargs) -> None:
    JoinCode.objects.filter(code=instance.code).delete()


class RateLimitBucket(models.Model):
    """Requests one participant made in one time window; used when several app processes share
    the limit (VOTE_RATE_LIMIT_STORE=database): the live features' writes and lookups of
    unknown codes. The key is a hash, never an address."""

    key = models.CharField(max_length=64)
    window_number = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=1)

    class Meta:
        # Its table keeps the name it had in voting: the ballot's SQL function counts in it.
        db_table = "voting_ratelimitbucket"
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_number"], name="unique_rate_limit_bucket"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key[:8]}@{self.window_number}: {self.hits}"


class Projected(models.Model):
    """A live object with a projector: the view its staff last chose for it from any device (a
    laptop, a phone), so the projected page follows a command and not only its own keys. The
    projector applies a command once (``projector_command`` changes with every choice); between
    commands it turns by itself as before (a question asked, a result revealed)."""

    class View(models.TextChoices):
        JOIN = "join", _("QR-Code und Code")
        RESULTS = "results", _("Ergebnis")

    projector_view = models.CharField(
        _("Beamer zeigt"), max_length=10, choices=View.choices, blank=True
    )
    projector_view_at = models.DateTimeField(_("Beamer umgeschaltet am"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def projector_command(self) -> str:
        """The last choice and when it was made ("join@1765..."), or "" when none was made."""
        if not self.projector_view or self.projector_view_at is None:
            return ""
        return f"{self.projector_view}@{self.projector_view_at.timestamp():.3f}"
