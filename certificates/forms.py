"""Forms of the public verification pages and of the managers' actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.text import CleanTextFormMixin

MAX_PDF_BYTES = 5 * 1024 * 1024


class NumberLookupForm(CleanTextFormMixin, forms.Form):
    so = forms.CharField(
        label=_("Certificate number"),
        max_length=60,
        help_text=_("As printed on the certificate, for example KHCN-2019-00012."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )

    # A second fact only the holder (or someone they gave the certificate to) knows: the number
    # alone is sequential and could be walked. Compared without diacritics or case.
    fact = forms.CharField(
        label=_("Holder's full name, or date of birth"),
        max_length=120,
        help_text=_("The full name as printed (with or without diacritics), or the date of birth as dd/mm/yyyy."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_so(self):
        return self.cleaned_data["so"].strip().upper()


class PdfCheckForm(forms.Form):
    pdf = forms.FileField(
        label=_("PDF file of the certificate"),
        help_text=_("The file is not kept: only its SHA-256 fingerprint is computed."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > MAX_PDF_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB: it cannot be a certificate from this site."))
        return upload


class ReasonForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page."),
    )


class ReissueForm(CleanTextFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What was corrected"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Correct the learner's name or the course first; the new certificate prints today's data."),
    )
