#!/usr/bin/env bash
# Adds a migration of the same name to both migrations sets (SQLite and PostgreSQL), generated from the one model.
# Usage: scripts/add-migration.sh DescriptiveName
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/add-migration.sh DescriptiveName}
dotnet tool restore >/dev/null
dotnet build src/CommunitySafety.Web --nologo -v q
for provider in Sqlite PostgreSql; do
  dotnet ef migrations add "$name" --no-build --project src/CommunitySafety.Web \
    --context "${provider}AppDbContext" --output-dir "Data/Migrations/$provider"
done
