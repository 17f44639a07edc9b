"""The inspection screens (one module per noun): rounds, assignments, issues, clues, secretary points, special
reports, the Excel import of findings, search and the type-ahead endpoints.

Views are thin: they parse a form, call one service or selector, and render. Every object is
fetched through ``Model.objects.visible_to(request.user)``, so anything outside the user's
scope is a 404. Refusals become readable messages: a service's ``PermissionDenied`` a 403
with its message, ``ValidationError`` errors next to the fields, ``ApplicationError`` (and its
``TransitionError`` / ``ConflictError``) a flash message.
"""
