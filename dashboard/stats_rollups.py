"""The roll-up SELECTs of the statistics (dashboard/stats.py): category, office and area rows,
each added up from rows the same recompute wrote before it (parts, round rows, unit rows).
``{…_keys}`` slots: empty for a full recompute, an id filter for an incremental one."""

# Category rows: the parts added up. Rounds are the parts (one per round with findings in the
# category), units the distinct units over the parts. A shared category (no office) spans every
# office, so its figures belong to the top office.
CATEGORY_SELECT = """
WITH
categories AS (
    SELECT k.id, COALESCE(k.office_id, (SELECT min(o.id) FROM accounts_office o WHERE o.parent_id IS NULL))
        AS office_id
    FROM inspections_issuecategory k
    WHERE TRUE {category_keys}
),
sums AS (
    SELECT p.category_id, count(*) AS rounds,
        sum(p.issues_found) AS issues_found, sum(p.issues_fed_back) AS issues_fed_back,
        sum(p.issues_closed) AS issues_closed, sum(p.overdue) AS overdue,
        sum(p.funds_refunded_wan) AS funds_refunded_wan
    FROM rectification_statpart p
    WHERE p.category_id IN (SELECT id FROM categories)
    GROUP BY p.category_id
),
units AS (
    SELECT p.category_id, count(DISTINCT u.unit_id) AS units_inspected
    FROM rectification_statpart p CROSS JOIN LATERAL unnest(p.unit_ids) AS u(unit_id)
    WHERE p.category_id IN (SELECT id FROM categories)
    GROUP BY p.category_id
)
SELECT 'category', c.id, c.office_id, COALESCE(s.rounds, 0), COALESCE(n.units_inspected, 0),
    COALESCE(s.issues_found, 0), COALESCE(s.issues_fed_back, 0), COALESCE(s.issues_closed, 0),
    COALESCE(s.overdue, 0), 0, 0, 0, 0, COALESCE(s.funds_refunded_wan, 0)
FROM categories c
LEFT JOIN sums s ON s.category_id = c.id
LEFT JOIN units n ON n.category_id = c.id
WHERE c.office_id IS NOT NULL
"""

# Office rows: the day's round rows of the office's subtree added up, rounds and distinct units
# inspected counted from the rounds and assignments of the subtree.
OFFICE_SELECT = """
WITH
targets AS (SELECT o.id, o.path FROM accounts_office o WHERE TRUE {office_keys}),
tree AS (
    SELECT t.id AS office_id, d.id AS member_id
    FROM targets t JOIN accounts_office d ON d.path LIKE t.path || '%%'
),
round_sums AS (
    SELECT tree.office_id,
        sum(s.issues_found) AS issues_found, sum(s.issues_fed_back) AS issues_fed_back,
        sum(s.issues_closed) AS issues_closed, sum(s.overdue) AS overdue,
        sum(s.clues_transferred) AS clues_transferred, sum(s.persons_accountable) AS persons_accountable,
        sum(s.persons_to_judiciary) AS persons_to_judiciary, sum(s.loss_recovered_wan) AS loss_recovered_wan,
        sum(s.funds_refunded_wan) AS funds_refunded_wan
    FROM tree
    JOIN rectification_stat s ON s.office_id = tree.member_id AND s.scope = 'round' AND s.day = %(today)s
    GROUP BY tree.office_id
),
reach AS (
    SELECT tree.office_id, count(DISTINCT r.id) AS rounds, count(DISTINCT a.unit_id) AS units_inspected
    FROM tree
    JOIN inspections_round r ON r.office_id = tree.member_id
    LEFT JOIN inspections_assignment a ON a.round_id = r.id
    GROUP BY tree.office_id
)
SELECT 'office', t.id, t.id, COALESCE(x.rounds, 0), COALESCE(x.units_inspected, 0),
    COALESCE(s.issues_found, 0), COALESCE(s.issues_fed_back, 0), COALESCE(s.issues_closed, 0),
    COALESCE(s.overdue, 0), COALESCE(s.clues_transferred, 0), COALESCE(s.persons_accountable, 0),
    COALESCE(s.persons_to_judiciary, 0), COALESCE(s.loss_recovered_wan, 0), COALESCE(s.funds_refunded_wan, 0)
FROM targets t
LEFT JOIN round_sums s ON s.office_id = t.id
LEFT JOIN reach x ON x.office_id = t.id
"""

# Area rows: the day's unit rows of the units whose own office is in the office's subtree added
# up; rounds are those with an assignment on such a unit (whichever office ran them), units the
# distinct such units inspected.
AREA_SELECT = """
WITH
targets AS (SELECT o.id, o.path FROM accounts_office o WHERE TRUE {office_keys}),
tree AS (
    SELECT t.id AS office_id, d.id AS member_id
    FROM targets t JOIN accounts_office d ON d.path LIKE t.path || '%%'
),
area_units AS (
    SELECT tree.office_id, u.id AS unit_id
    FROM tree JOIN inspections_unit u ON u.office_id = tree.member_id
),
unit_sums AS (
    SELECT au.office_id,
        sum(s.issues_found) AS issues_found, sum(s.issues_fed_back) AS issues_fed_back,
        sum(s.issues_closed) AS issues_closed, sum(s.overdue) AS overdue,
        sum(s.clues_transferred) AS clues_transferred, sum(s.persons_accountable) AS persons_accountable,
        sum(s.persons_to_judiciary) AS persons_to_judiciary, sum(s.loss_recovered_wan) AS loss_recovered_wan,
        sum(s.funds_refunded_wan) AS funds_refunded_wan
    FROM area_units au
    JOIN rectification_stat s ON s.scope = 'unit' AND s.scope_id = au.unit_id AND s.day = %(today)s
    GROUP BY au.office_id
),
reach AS (
    SELECT au.office_id, count(DISTINCT a.round_id) AS rounds, count(DISTINCT a.unit_id) AS units_inspected
    FROM area_units au
    JOIN inspections_assignment a ON a.unit_id = au.unit_id
    GROUP BY au.office_id
)
SELECT 'area', t.id, t.id, COALESCE(x.rounds, 0), COALESCE(x.units_inspected, 0),
    COALESCE(s.issues_found, 0), COALESCE(s.issues_fed_back, 0), COALESCE(s.issues_closed, 0),
    COALESCE(s.overdue, 0), COALESCE(s.clues_transferred, 0), COALESCE(s.persons_accountable, 0),
    COALESCE(s.persons_to_judiciary, 0), COALESCE(s.loss_recovered_wan, 0), COALESCE(s.funds_refunded_wan, 0)
FROM targets t
LEFT JOIN unit_sums s ON s.office_id = t.id
LEFT JOIN reach x ON x.office_id = t.id
"""
