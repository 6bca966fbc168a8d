"""The test databases of pgcluster.py: SQLite and a PostgreSQL cluster the tests start."""

from collections.abc import Callable

import pytest
from pgcluster import PostgresCluster
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, inspect, select


def _table(metadata: MetaData) -> Table:
    return Table(
        "borrower",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(100), nullable=False),
    )


def test_a_fresh_database_of_each_kind_stores_chinese_text(
    server_database_url: str, request: pytest.FixtureRequest
) -> None:
    engine = create_engine(server_database_url)
    try:
        assert engine.dialect.name == request.node.callspec.params["server_database_url"]
        assert inspect(engine).get_table_names() == []
        metadata = MetaData()
        borrower = _table(metadata)
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(borrower.insert().values(name="杭州西湖茶叶有限公司"))
        with engine.connect() as conn:
            assert conn.execute(select(borrower.c.name)).scalar_one() == "杭州西湖茶叶有限公司"
    finally:
        engine.dispose()


def test_each_call_gives_a_distinct_empty_database(
    postgres_url_factory: Callable[[], str],
) -> None:
    first, second = postgres_url_factory(), postgres_url_factory()
    assert first != second
    engines = [create_engine(url) for url in (first, second)]
    try:
        for engine in engines:
            assert inspect(engine).get_table_names() == []
        metadata = MetaData()
        _table(metadata)
        metadata.create_all(engines[0])
        assert inspect(engines[0]).get_table_names() == ["borrower"]
        assert inspect(engines[1]).get_table_names() == []
    finally:
        for engine in engines:
            engine.dispose()


def test_the_cluster_is_throwaway(postgres_cluster: PostgresCluster) -> None:
    with postgres_cluster.connect() as conn:
        rows = conn.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('fsync', 'server_encoding', 'listen_addresses')"
        ).fetchall()
    settings = {str(name): str(value) for name, value in rows}
    assert settings == {
        "fsync": "off",
        "server_encoding": "UTF8",
        "listen_addresses": "127.0.0.1",
    }
