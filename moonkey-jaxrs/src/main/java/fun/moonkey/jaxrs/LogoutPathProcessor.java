package fun.moonkey.jaxrs;

import jakarta.ws.rs.core.Configuration;
import java.util.Set;
import org.glassfish.jersey.server.model.ModelProcessor;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceModel;

/**
 * Moves {@link LogoutResource} from its annotated path to the one given to {@link
 * MoonKeyLogoutFeature}, so that no subclass is needed for another path. Immutable.
 */
final class LogoutPathProcessor implements ModelProcessor {

  private final String path;

  LogoutPathProcessor(String path) {
    this.path = path;
  }

  @Override
  public ResourceModel processResourceModel(ResourceModel model, Configuration configuration) {
    ResourceModel.Builder moved = new ResourceModel.Builder(false);
    for (Resource resource : model.getRootResources()) {
      boolean ours = resource.getHandlerClasses().equals(Set.of(LogoutResource.class));
      moved.addResource(ours ? Resource.builder(resource).path(path).build() : resource);
    }
    return moved.build();
  }

  @Override
  public ResourceModel processSubResource(ResourceModel model, Configuration configuration) {
    return model;
  }
}
