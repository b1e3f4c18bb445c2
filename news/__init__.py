"""The news section (tin tức): articles on this site and coverage elsewhere (press, television, social media).

A separate app because news stands alone: public pages that teach nothing and
enrol no one, edited in Wagtail by the Department. Each item says what kind
of communication it is (an article here, a press article, a television
episode, a social-media channel) and which programme it belongs to, so the
reports count published items toward programme 1.4's targets by kind
(``reports.indicators``, which reads this app; this app names no report).
"""
