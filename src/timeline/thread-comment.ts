/** A comment on an issue, as much of it as the app needs; the GitHub adapter maps REST to this. */
export interface ThreadComment {
  id: number;
  body: string;
  author: string;
  authorIsBot: boolean;
  createdAt: string;
  updatedAt: string;
  htmlUrl: string;
  /** GitHub's node id, for GraphQL writes (the Incident log's edit); absent where not read. */
  nodeId?: string;
}
