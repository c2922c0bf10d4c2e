import { Module } from '@nestjs/common';
import { DashboardModule } from '../dashboard/dashboard.module';
import { AssetsController } from './assets.controller';
import { HomePageController } from './home.page.controller';
import { Csrf, CsrfGuard } from './csrf';
import { PageRenderer } from './page-renderer';
import { SignInPageController } from './sign-in.page.controller';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';

/**
 * The French web interface: page controllers, one per area, thin over the same services and the
 * same access policy as the API (src/auth). Templates in templates/pages, assets in public/.
 */
@Module({
  imports: [DashboardModule],
  controllers: [AssetsController, SignInPageController, HomePageController],
  providers: [PageRenderer, Csrf, CsrfGuard, WebPage, WebExceptionFilter],
})
export class WebModule {}
