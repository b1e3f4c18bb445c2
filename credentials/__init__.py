"""Verifiable credentials: every certificate also an Open Badges 3.0 credential.

It stands apart from ``certificates`` because it is a second, machine-readable
form of the same fact with a life of its own: signing keys kept outside the
database, a published key set, a status list that verifiers download, and
files (JSON, a baked PNG badge) in formats other systems read. It listens to
``certificates.signals`` and adds to the certificate pages through
``certificates.extensions``; ``certificates`` never names it.
"""
