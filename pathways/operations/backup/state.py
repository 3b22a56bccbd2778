"""The migration state a database is at, and the models of a state (Django's historical models)."""

from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

Node = tuple[str, str]


def applied_leaves(using: str) -> list[Node]:
    """Per app, the last migration the database has applied: what `migrate app name` would aim at."""
    loader = MigrationLoader(connections[using])
    applied = set(loader.applied_migrations) & set(loader.graph.nodes)
    leaves = [
        node
        for node in applied
        if not any(child in applied and child[0] == node[0] for child in loader.graph.node_map[node].children)
    ]
    return sorted(leaves)


def code_leaves(using: str) -> list[Node]:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    return sorted(loader.graph.leaf_nodes())


def state_apps(using: str, leaves: list[Node]):
    loader = MigrationLoader(connections[using])
    missing = [node for node in leaves if node not in loader.graph.nodes]
    if missing:
        raise LookupError(
            "This code does not have the migrations "
            + ", ".join(f"{a}.{n}" for a, n in missing)
            + ": restore with the release that made the backup (or a later one that keeps its migrations)."
        )
    return loader.project_state(nodes=leaves, at_end=True).apps


def migrate_to(using: str, leaves: list[Node]) -> None:
    """Bring the database to exactly this state (forwards from empty, or back from a later one)."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    # Apps the backup's release did not have are taken back to nothing: their tables would otherwise stay,
    # holding rows the restore cannot replace (and on PostgreSQL block emptying the tables they point at).
    named = {app for app, _ in leaves}
    absent = sorted({app for app, _ in executor.loader.graph.leaf_nodes()} - named)
    targets: list[tuple[str, str | None]] = [*leaves, *((app, None) for app in absent)]
    plan = executor.migration_plan(targets)
    if plan:
        executor.migrate(targets, plan=plan)
