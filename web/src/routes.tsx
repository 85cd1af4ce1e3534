import { createBrowserRouter } from "react-router";
import { Shell, RequireUser } from "./components/Shell";
import { LoginPage, RegisterPage } from "./pages/Login";
import { AccountPage } from "./pages/Account";
import { ProjectsPage } from "./pages/Projects";
import { ProjectLayout, ProjectOverview } from "./pages/Project";
import { CompoundSetsPage, NewCompoundSetPage } from "./pages/CompoundSets";
import { CompoundSetPage } from "./pages/CompoundSet";
import { MoleculePage } from "./pages/Molecule";
import { ModelsPage, NewModelPage } from "./pages/Models";
import { ModelPage } from "./pages/Model";
import { MapsPage, NewMapPage } from "./pages/Maps";
import { MapPage } from "./pages/MapExplorer";
import { TasksPage } from "./pages/Tasks";
import { GeneratorsPage, NetworkPage, NewAgentPage, NewEnvironmentPage, NewNetworkPage } from "./pages/Generators";
import { NotFound, RouteError } from "./components/RouteError";

/** The app lives under the server's mount (`<base href>`), wherever that is. */
export const basename = new URL(document.baseURI).pathname.replace(/\/$/, "");

export const router = createBrowserRouter(
  [
    { path: "/login", element: <LoginPage /> },
    { path: "/register", element: <RegisterPage /> },
    {
      element: <RequireUser><Shell /></RequireUser>,
      errorElement: <RouteError />,
      children: [
        { path: "/", element: <ProjectsPage /> },
        { path: "/account", element: <AccountPage /> },
        {
          path: "/projects/:projectId",
          element: <ProjectLayout />,
          children: [
            { index: true, element: <ProjectOverview /> },
            { path: "compound-sets", element: <CompoundSetsPage /> },
            { path: "compound-sets/new", element: <NewCompoundSetPage /> },
            { path: "compound-sets/:setId", element: <CompoundSetPage /> },
            { path: "molecules/:moleculeId", element: <MoleculePage /> },
            { path: "models", element: <ModelsPage /> },
            { path: "models/new", element: <NewModelPage /> },
            { path: "models/:modelId", element: <ModelPage /> },
            { path: "maps", element: <MapsPage /> },
            { path: "maps/new", element: <NewMapPage /> },
            { path: "maps/:mapId", element: <MapPage /> },
            { path: "generators", element: <GeneratorsPage /> },
            { path: "generators/networks/new", element: <NewNetworkPage /> },
            { path: "generators/networks/:networkId", element: <NetworkPage /> },
            { path: "generators/environments/new", element: <NewEnvironmentPage /> },
            { path: "generators/agents/new", element: <NewAgentPage /> },
            { path: "tasks", element: <TasksPage /> },
            { path: "*", element: <NotFound /> },
          ],
        },
        { path: "*", element: <NotFound /> },
      ],
    },
  ],
  { basename },
);
