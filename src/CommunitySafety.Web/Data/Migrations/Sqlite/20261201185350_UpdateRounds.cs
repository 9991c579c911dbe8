using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommunitySafety.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UpdateRounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DeputyPersonId",
                table: "Actions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UpdateRounds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PartnershipId = table.Column<int>(type: "INTEGER", nullable: false),
                    BoardId = table.Column<int>(type: "INTEGER", nullable: false),
                    MeetingId = table.Column<int>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OpenedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OpenedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OpenedByPersonId = table.Column<int>(type: "INTEGER", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpdateRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UpdateRounds_Boards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "Boards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UpdateRounds_Meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "Meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UpdateRounds_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UpdateRounds_People_OpenedByPersonId",
                        column: x => x.OpenedByPersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "UpdateRoundActions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UpdateRoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    ActionId = table.Column<int>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpdateRoundActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UpdateRoundActions_Actions_ActionId",
                        column: x => x.ActionId,
                        principalTable: "Actions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UpdateRoundActions_UpdateRounds_UpdateRoundId",
                        column: x => x.UpdateRoundId,
                        principalTable: "UpdateRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UpdateRoundLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UpdateRoundId = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpdateRoundLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UpdateRoundLinks_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_UpdateRoundLinks_UpdateRounds_UpdateRoundId",
                        column: x => x.UpdateRoundId,
                        principalTable: "UpdateRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Actions_DeputyPersonId",
                table: "Actions",
                column: "DeputyPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRoundActions_ActionId",
                table: "UpdateRoundActions",
                column: "ActionId");

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRoundActions_UpdateRoundId_ActionId",
                table: "UpdateRoundActions",
                columns: new[] { "UpdateRoundId", "ActionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRoundLinks_PersonId",
                table: "UpdateRoundLinks",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRoundLinks_TokenHash",
                table: "UpdateRoundLinks",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRoundLinks_UpdateRoundId_PersonId",
                table: "UpdateRoundLinks",
                columns: new[] { "UpdateRoundId", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRounds_BoardId",
                table: "UpdateRounds",
                column: "BoardId");

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRounds_MeetingId",
                table: "UpdateRounds",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRounds_OpenedByPersonId",
                table: "UpdateRounds",
                column: "OpenedByPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_UpdateRounds_PartnershipId_MeetingId",
                table: "UpdateRounds",
                columns: new[] { "PartnershipId", "MeetingId" });

            migrationBuilder.AddForeignKey(
                name: "FK_Actions_People_DeputyPersonId",
                table: "Actions",
                column: "DeputyPersonId",
                principalTable: "People",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Actions_People_DeputyPersonId",
                table: "Actions");

            migrationBuilder.DropTable(
                name: "UpdateRoundActions");

            migrationBuilder.DropTable(
                name: "UpdateRoundLinks");

            migrationBuilder.DropTable(
                name: "UpdateRounds");

            migrationBuilder.DropIndex(
                name: "IX_Actions_DeputyPersonId",
                table: "Actions");

            migrationBuilder.DropColumn(
                name: "DeputyPersonId",
                table: "Actions");
        }
    }
}
