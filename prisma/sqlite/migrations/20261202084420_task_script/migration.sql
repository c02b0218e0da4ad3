-- AlterTable
ALTER TABLE "Task" ADD COLUMN "scriptBody" TEXT;
ALTER TABLE "Task" ADD COLUMN "scriptInterpreter" TEXT;

