import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Person } from './person.entity';
import { PeopleController } from './people.controller';
import { PeopleService } from './people.service';
import { MembershipsController } from './memberships.controller';
import { MembershipsService } from './memberships.service';
import { EmailCorrectionService } from './email-correction.service';

/** People and the seats they hold (memberships). */
@Module({
  imports: [TypeOrmModule.forFeature([Person])],
  controllers: [PeopleController, MembershipsController],
  providers: [PeopleService, MembershipsService, EmailCorrectionService],
  exports: [PeopleService, MembershipsService, EmailCorrectionService],
})
export class PeopleModule {}
