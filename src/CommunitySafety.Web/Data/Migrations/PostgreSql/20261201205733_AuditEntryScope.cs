using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunitySafety.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AuditEntryScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ActionId",
                table: "AuditEntries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PartnershipId",
                table: "AuditEntries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RestrictedBy",
                table: "AuditEntries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RestrictedById",
                table: "AuditEntries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "AuditEntries",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WasRestricted",
                table: "AuditEntries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActionId",
                table: "AuditEntries",
                column: "ActionId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ChangeSetId",
                table: "AuditEntries",
                column: "ChangeSetId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_PartnershipId_Id",
                table: "AuditEntries",
                columns: new[] { "PartnershipId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_ActionId",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_ChangeSetId",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_PartnershipId_Id",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "ActionId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "PartnershipId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "RestrictedBy",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "RestrictedById",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "WasRestricted",
                table: "AuditEntries");
        }
    }
}
