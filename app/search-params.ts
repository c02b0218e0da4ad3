/** The props Next.js passes a page that reads its URL's query (filters live in the URL). */
export interface SearchParamsProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}
