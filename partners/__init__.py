"""Partners: read-only views for the plan's partners, each scoped to what concerns them.

A school or a district education office sees its own teachers' enrolments, results and
certificates; the Department of Education and Training sees every teacher; a programme's
partner organisation sees its programme. None of them ever sees a child: children are in
``activities`` (registrations by a guardian), which this app never reads.

An app of its own because a partner is neither a learner, a trainer nor a manager: the
scopes (``PartnerAccess``), the questions "what may this partner see" and the pages that
answer them stand together, above enrolment, assessment and certificates whose rows they
read, and below the reports.
"""
