-- AlterTable
ALTER TABLE "Worker" ADD COLUMN     "handlers" JSONB;

