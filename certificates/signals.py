"""What happened to a certificate, for the apps above this one (credentials).

Both are sent *inside* the transaction that issues or withdraws the
certificate, right after its row is written: what a receiver writes in the
database commits or rolls back with the certificate itself, so a certificate
never exists without what its listeners derive from it. A receiver must not
raise (an exception would undo the issue); it wraps its own writes in a
savepoint and logs its failures.

- ``certificate_issued(certificate)``: a new valid certificate (also a reissue).
- ``certificate_withdrawn(certificate)``: a certificate stopped being valid:
  revoked, or superseded by a reissue (``certificate.status`` says which).
"""

from django.dispatch import Signal

certificate_issued = Signal()
certificate_withdrawn = Signal()
