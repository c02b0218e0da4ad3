export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: string;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export const userSummarySelect = { id: true, email: true, name: true, role: true, disabledAt: true, lastLoginAt: true, createdAt: true } as const;
