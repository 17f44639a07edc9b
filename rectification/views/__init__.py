"""The rectification screens: the liaison's home, feedback, plans, measures, progress with
evidence, report done, the supervisors' review queue, close-out / return / long-term, audit
evaluation, supervision actions and a unit's record across rounds.

Views are thin (same contract as inspections/views.py, whose helpers they reuse): parse a form,
call one service or selector, render. Every object is fetched through
``Model.objects.visible_to(request.user)``, so anything outside the user's scope is a 404;
uploaded files are served only through views that check the same scope. A refused action keeps
the user's input: the page is rendered again with the bound form and a message (a stale
``version`` — someone else changed the issue — says so, and the form takes the current version
so that a deliberate retry is possible after looking at the changes).
"""
