-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "payload" JSONB;

