"""Every change to a case, one module per topic; each change one function, in one
transaction, with its CaseEvent (written through triage.events).

- opening: a case from a submission or a Right to Know, and information added later
- lifecycle: statuses, the deadlines they meet, what the public is told
- assignment: who holds a case, and its priority
- casework: notes and duplicates
- matches: confirming or rejecting a suggested nominal
- clocks: pausing and resuming, reminders and escalation
- looks: every view, search, export and refusal

Details of people (names, what was said, to whom a disclosure was made) never go into an
event's `detail`: they live in encrypted fields that retention can delete, while the audit
trail stays. Callers import the module they need; nothing is re-exported here, so no module
becomes a hub again.
"""
