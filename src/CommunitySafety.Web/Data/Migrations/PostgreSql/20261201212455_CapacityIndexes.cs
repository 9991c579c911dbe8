using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunitySafety.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CapacityIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReminderNotices_RecipientPersonId_ItemType_ItemId_Occasion",
                table: "ReminderNotices");

            migrationBuilder.CreateIndex(
                name: "IX_ReminderNotices_ItemType_ItemId_Occasion_RecipientPersonId",
                table: "ReminderNotices",
                columns: new[] { "ItemType", "ItemId", "Occasion", "RecipientPersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReminderNotices_RecipientPersonId",
                table: "ReminderNotices",
                column: "RecipientPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Milestones_DueDate_CompletedOn",
                table: "Milestones",
                columns: new[] { "DueDate", "CompletedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReminderNotices_ItemType_ItemId_Occasion_RecipientPersonId",
                table: "ReminderNotices");

            migrationBuilder.DropIndex(
                name: "IX_ReminderNotices_RecipientPersonId",
                table: "ReminderNotices");

            migrationBuilder.DropIndex(
                name: "IX_Milestones_DueDate_CompletedOn",
                table: "Milestones");

            migrationBuilder.CreateIndex(
                name: "IX_ReminderNotices_RecipientPersonId_ItemType_ItemId_Occasion",
                table: "ReminderNotices",
                columns: new[] { "RecipientPersonId", "ItemType", "ItemId", "Occasion" },
                unique: true);
        }
    }
}
