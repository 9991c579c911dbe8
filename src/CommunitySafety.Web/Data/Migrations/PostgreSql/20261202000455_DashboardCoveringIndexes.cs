using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunitySafety.Web.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class DashboardCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StatusUpdates_ActionId_RecordedAt",
                table: "StatusUpdates");

            migrationBuilder.CreateIndex(
                name: "IX_StatusUpdates_ActionId_RecordedAt_Rag",
                table: "StatusUpdates",
                columns: new[] { "ActionId", "RecordedAt", "Rag" });

            migrationBuilder.CreateIndex(
                name: "IX_Milestones_PartnershipId_CompletedOn_DueDate_IsRestricted_A~",
                table: "Milestones",
                columns: new[] { "PartnershipId", "CompletedOn", "DueDate", "IsRestricted", "ActionId" });

            migrationBuilder.CreateIndex(
                name: "IX_Actions_PriorityId_IsRestricted_Rag_Status_DueDate",
                table: "Actions",
                columns: new[] { "PriorityId", "IsRestricted", "Rag", "Status", "DueDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StatusUpdates_ActionId_RecordedAt_Rag",
                table: "StatusUpdates");

            migrationBuilder.DropIndex(
                name: "IX_Milestones_PartnershipId_CompletedOn_DueDate_IsRestricted_A~",
                table: "Milestones");

            migrationBuilder.DropIndex(
                name: "IX_Actions_PriorityId_IsRestricted_Rag_Status_DueDate",
                table: "Actions");

            migrationBuilder.CreateIndex(
                name: "IX_StatusUpdates_ActionId_RecordedAt",
                table: "StatusUpdates",
                columns: new[] { "ActionId", "RecordedAt" });
        }
    }
}
