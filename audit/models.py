"""An append-only record of who did what, to what, and when.

Every state change a person causes (enrol, grade, issue a certificate, change
a role, export or erase data, fail a login) calls :func:`audit.record`.
Rows are never updated or deleted by the application: the admin lists them
read-only.
"""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002 - refused whatever the arguments
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")

    def anonymise(self, user, *, previous: list[str], replacement: str) -> int:
        """The one exception to append-only: an erasure request (personal data law).

        Replaces the erased person's name and e-mail address wherever an event
        mentions them; the events themselves (who acted, what, when) stay.
        """
        changed = 0
        mentions = models.Q(actor=user) | models.Q(target_type=user._meta.label_lower, target_id=str(user.pk))
        for value in previous:
            mentions |= models.Q(target_repr__icontains=value) | models.Q(data__icontains=value)
        for event in self.filter(mentions).iterator():
            target_repr = event.target_repr
            data = json.dumps(event.data, ensure_ascii=False)
            for value in previous:
                target_repr = target_repr.replace(value, replacement)
                data = data.replace(json.dumps(value, ensure_ascii=False)[1:-1], replacement)
            single = self.model.objects.filter(pk=event.pk)
            changed += models.QuerySet.update(single, target_repr=target_repr, data=json.loads(data))
        return changed


class AuditEvent(models.Model):
    """One recorded action. ``action`` is a dotted code such as ``enrolment.enrol``."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("object"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")
