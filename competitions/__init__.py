"""The start-up competition (programme 1.5): competitions of an event, rounds judged with rubrics,
teams' entries kept in versions, judges and their conflicts of interest, combined scores with a
stated tie-break, published results corrected only by record, and award certificates.

It stands alone because its people and its work are neither a class's learners (``enrolment``,
``assessment``) nor a session's participants (``activities``): a team enters a project, judges
score it per round. It sits above ``activities`` (a competition belongs to an event; minors enter
through ``activities``' consent records) and ``peer_review`` (judges' agreement uses its figures),
and below ``reports``, which counts its entries and prizes.
"""
