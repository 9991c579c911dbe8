using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunitySafety.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ReminderDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "HandedOverAt",
                table: "ReminderNotices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastAttemptAt",
                table: "ReminderNotices",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MessageId",
                table: "ReminderNotices",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextAttemptAt",
                table: "ReminderNotices",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateIndex(
                name: "IX_ReminderNotices_MessageId",
                table: "ReminderNotices",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_ReminderNotices_Status_NextAttemptAt",
                table: "ReminderNotices",
                columns: new[] { "Status", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReminderNotices_MessageId",
                table: "ReminderNotices");

            migrationBuilder.DropIndex(
                name: "IX_ReminderNotices_Status_NextAttemptAt",
                table: "ReminderNotices");

            migrationBuilder.DropColumn(
                name: "HandedOverAt",
                table: "ReminderNotices");

            migrationBuilder.DropColumn(
                name: "LastAttemptAt",
                table: "ReminderNotices");

            migrationBuilder.DropColumn(
                name: "MessageId",
                table: "ReminderNotices");

            migrationBuilder.DropColumn(
                name: "NextAttemptAt",
                table: "ReminderNotices");
        }
    }
}
